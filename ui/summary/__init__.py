"""The summary workspace (issue 14): roster, units with their status, the summed tables."""
