using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>The storage options of the operator commands, parsed.</summary>
internal sealed record StorageTarget(string? ConnectionString, string? Account, string Cloud, string? ClientId, string? Prefix);

/// <summary>
/// Where the operator commands find storage: <c>--storage</c> (a connection string) or <c>AzureWebJobsStorage</c>; or, where shared
/// keys are off (production), <c>--account NAME</c> with <c>--cloud</c> and an Entra ID credential, as the app does.
/// <c>--table-prefix</c> or <c>NeoBay__Storage__TablePrefix</c>.
/// </summary>
internal static partial class OperatorStorage
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const string DefaultCloud = "AzureCloud";

    /// <summary>The storage endpoint suffix of each cloud (Clouds/clouds.json).</summary>
    public static IReadOnlyDictionary<string, string> StorageSuffixes { get; } = LoadSuffixes();

    private static readonly Option<string?> Storage = new("--storage") { Description = "Storage connection string (default: the AzureWebJobsStorage environment variable)." };
    private static readonly Option<string?> Account = new("--account") { Description = "Storage account name: endpoints from the name and --cloud, signed in with Entra ID (Azure CLI, developer sign-in or managed identity)." };
    private static readonly Option<string> Cloud = new("--cloud") { Description = "Cloud of --account: AzureCloud, AzureChinaCloud (21Vianet) or AzureUSGovernment.", DefaultValueFactory = _ => DefaultCloud };
    private static readonly Option<string?> ClientId = new("--client-id") { Description = "With --account: client id of the user-assigned managed identity to use." };
    private static readonly Option<string?> Prefix = new("--table-prefix") { Description = "Table name prefix (default: NeoBay__Storage__TablePrefix, else none)." };

    /// <summary>Says that storage failed (status, error code, the message's first line) and returns <see cref="Failed"/>.</summary>
    public static int StorageFailed(TextWriter error, string command, Azure.RequestFailedException e, string hint = "")
    {
        error.WriteLine($"neobay {command}: storage failed ({e.Status} {e.ErrorCode}): {e.Message.Split('\n')[0]}{hint}");
        return Failed;
    }

    public static Option<int> FiscalYearOption() => new("--fiscal-year") { Description = "The fiscal year (calendar year in China Standard Time).", Required = true };

    public static void AddOptions(Command command)
    {
        foreach (var option in new Option[] { Storage, Account, Cloud, ClientId, Prefix }) command.Options.Add(option);
    }

    public static StorageTarget Target(ParseResult parse) =>
        new(parse.GetValue(Storage), parse.GetValue(Account), parse.GetValue(Cloud) ?? DefaultCloud, parse.GetValue(ClientId), parse.GetValue(Prefix));

    /// <summary>The tables, or null (and a message) when storage is not given or not valid.</summary>
    public static (GrantsTables Tables, RenewalTables Renewals)? Open(StorageTarget target, Func<string, string?> environment, TextWriter error, string command)
    {
        var service = target.Account is { } account
            ? AccountService(account, target.Cloud, target.ClientId, error, command)
            : ConnectionService(target.ConnectionString ?? environment("AzureWebJobsStorage"), error, command);
        if (service is null) return null;
        var tablePrefix = target.Prefix ?? environment("NeoBay__Storage__TablePrefix") ?? "";
        return (new GrantsTables(service, tablePrefix), new RenewalTables(service, tablePrefix));
    }

    /// <summary>The table endpoint of an account in a cloud; null for a cloud this CLI does not know.</summary>
    public static Uri? TableEndpoint(string account, string cloud) =>
        StorageSuffixes.TryGetValue(cloud, out var suffix) ? new Uri($"https://{account}.table.{suffix}/") : null;

    /// <summary>The Entra ID credential for a cloud: Azure CLI, developer sign-in, managed identity (DefaultAzureCredential).</summary>
    public static TokenCredential Credential(string cloud, string? clientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            AuthorityHost = cloud switch
            {
                "AzureChinaCloud" => AzureAuthorityHosts.AzureChina,
                "AzureUSGovernment" => AzureAuthorityHosts.AzureGovernment,
                _ => AzureAuthorityHosts.AzurePublicCloud,
            },
            ManagedIdentityClientId = clientId,
        });

    public static TableAudience Audience(string cloud) => cloud switch
    {
        "AzureChinaCloud" => TableAudience.AzureChina,
        "AzureUSGovernment" => TableAudience.AzureGovernment,
        _ => TableAudience.AzurePublicCloud,
    };

    private static TableServiceClient? AccountService(string account, string cloud, string? clientId, TextWriter error, string command)
    {
        if (!AccountName().IsMatch(account))
        {
            error.WriteLine($"neobay {command}: --account '{account}' is not a storage account name (3 to 24 lowercase letters and digits).");
            return null;
        }

        if (TableEndpoint(account, cloud) is not { } endpoint)
        {
            error.WriteLine($"neobay {command}: --cloud '{cloud}' is not one of {string.Join(", ", StorageSuffixes.Keys)}.");
            return null;
        }

        return new TableServiceClient(endpoint, Credential(cloud, clientId), new TableClientOptions { Audience = Audience(cloud) });
    }

    private static TableServiceClient? ConnectionService(string? connection, TextWriter error, string command)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            error.WriteLine($"neobay {command}: no storage: give --account NAME (Entra ID; production), --storage, or set AzureWebJobsStorage (a connection string; UseDevelopmentStorage=true for Azurite).");
            return null;
        }

        return new TableServiceClient(connection.Trim() == "UseDevelopmentStorage=true" ? "UseDevelopmentStorage=true" : connection);
    }

    public static string Csv(string? value)
    {
        value ??= "";
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Yuan(long? fen) => fen is { } f ? Money.FormatYuan(f) : "";

    private static Dictionary<string, string> LoadSuffixes()
    {
        using var stream = typeof(OperatorStorage).Assembly.GetManifestResourceStream("NeoBay.Cli.Clouds.clouds.json")
            ?? throw new InvalidOperationException("Embedded Clouds/clouds.json is missing.");
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith("//", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountName();
}

/// <summary>A progress bar on the error stream: shards done and a count (one line, redrawn). Drawn only on a terminal.</summary>
internal sealed class ProgressBar(TextWriter error, int total, bool visible, string unit = "grants")
{
    private const int Width = 30;

    public void Show(int done, long count)
    {
        if (!visible) return;
        var filled = total == 0 ? Width : done * Width / total;
        error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} shards, {count} {unit}");
        if (done == total) error.WriteLine();
        error.Flush();
    }
}
