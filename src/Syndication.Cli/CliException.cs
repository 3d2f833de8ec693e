namespace Syndication.Cli;

/// <summary>A user error (bad argument, missing file, unreachable storage): printed as one line, no stack trace.</summary>
internal sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
