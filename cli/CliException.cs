namespace QirenGan.Cli;

/// <summary>A user-facing failure (bad input, missing file): printed as one line, exit code 2, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
