"""ftz: progress reporter for the Yiwu free-trade-zone programme (义乌自贸区推进情况报告工具)."""

__version__ = "0.1.0"
