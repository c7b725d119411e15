from ftz_cli.cli import main

main()
