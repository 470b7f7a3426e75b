using System.CommandLine;
using NeoBay.Cli.Commands;

namespace NeoBay.Cli;

/// <summary>The `neobay` command line: quote, catalog, token (and the operator commands).</summary>
public static class NeoBayCli
{
    /// <param name="errorIsTerminal">Draw progress bars (default: <paramref name="error"/> is this process's stderr on a terminal).</param>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, TimeProvider time, Func<string, string?>? environment = null,
        bool? errorIsTerminal = null)
    {
        var progress = errorIsTerminal ?? (ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
        var root = new RootCommand("NeoBay Grants: quotes, the measure catalog and development tokens for the Greater Neo Bay (大零号湾) measures.");
        root.Subcommands.Add(QuoteCommand.Create(input, output, error, time));
        root.Subcommands.Add(MatchCommand.Create(input, output, error, time));
        root.Subcommands.Add(CatalogCommand.Create(output));
        root.Subcommands.Add(TokenCommand.Create(output, error, time, environment ?? Environment.GetEnvironmentVariable));
        root.Subcommands.Add(RenewCommand.Create(output, error, time, environment ?? Environment.GetEnvironmentVariable, progress));
        root.Subcommands.Add(ExportCommand.Create(output, error, environment ?? Environment.GetEnvironmentVariable, progress));
        root.Subcommands.Add(PayCommand.Create(output, error, time, environment ?? Environment.GetEnvironmentVariable));
        root.Subcommands.Add(AuditCommand.Create(output, error, environment ?? Environment.GetEnvironmentVariable));
        root.Subcommands.Add(ReportCommand.Create(output, error, time, environment ?? Environment.GetEnvironmentVariable));
        root.Subcommands.Add(SimulateCommand.Create(output, error, time, environment ?? Environment.GetEnvironmentVariable));

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).InvokeAsync(configuration);
    }
}
