from ftz_cli.cli.main import main

main()
