using System.Globalization;

namespace NeoBay.LoadDriver;

/// <summary>What to run: <c>--url</c>, <c>--applications N</c>, <c>--clients C</c>, <c>--poll-ms</c>, <c>--timeout-s</c>, <c>--measure</c>.</summary>
public sealed record LoadOptions
{
    public Uri BaseUrl { get; init; } = new("http://localhost:7071");
    public int Applications { get; init; } = 1000;
    public int Clients { get; init; } = 20;
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan DecisionTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public string Measure { get; init; } = "A02.1";

    /// <summary>Seconds to add to this machine's clock when minting tokens (a host run with <c>NeoBay:DevClock</c>).</summary>
    public TimeSpan ClockOffset { get; init; } = TimeSpan.Zero;

    /// <summary><c>--storage-outage 20s</c>: stop Azurite for this long, <c>--outage-after 12s</c> into the run (<c>--azurite-pid</c> or found).</summary>
    public TimeSpan? StorageOutage { get; init; }

    public TimeSpan OutageAfter { get; init; } = TimeSpan.FromSeconds(12);

    public int? AzuritePid { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive(string name)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{name} must be a positive integer, not '{text}'.");
            }

            options = args[i] switch
            {
                "--url" => options with { BaseUrl = new Uri(Value().TrimEnd('/') + "/") },
                "--applications" or "-n" => options with { Applications = Positive("--applications") },
                "--clients" or "-c" => options with { Clients = Positive("--clients") },
                "--poll-ms" => options with { PollInterval = TimeSpan.FromMilliseconds(Positive("--poll-ms")) },
                "--timeout-s" => options with { DecisionTimeout = TimeSpan.FromSeconds(Positive("--timeout-s")) },
                "--measure" => options with { Measure = Value() },
                "--storage-outage" => options with { StorageOutage = Seconds(Value()) },
                "--outage-after" => options with { OutageAfter = Seconds(Value()) },
                "--azurite-pid" => options with { AzuritePid = Positive("--azurite-pid") },
                "--clock-offset-s" => options with { ClockOffset = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        static TimeSpan Seconds(string text) =>
            int.TryParse(text.TrimEnd('s'), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"'{text}' is not a number of seconds such as 20s.");

        if (options.Clients > 999) throw new ArgumentException("--clients must be at most 999.");
        return options;
    }
}
