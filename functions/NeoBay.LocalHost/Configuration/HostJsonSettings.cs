using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NeoBay.LocalHost.Configuration;

public enum QueueMessageEncodingSetting
{
    Base64,
    None,
}

/// <summary>host.json's <c>extensions.queues</c>, with the Functions host's defaults for what it leaves out.</summary>
public sealed record QueueSettings
{
    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public QueueMessageEncodingSetting MessageEncoding { get; init; } = QueueMessageEncodingSetting.Base64;
}

/// <summary>The parts of host.json the local host honours.</summary>
public sealed record HostJsonSettings
{
    public string RoutePrefix { get; init; } = "api";
    public QueueSettings Queues { get; init; } = new();
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Reads host.json (if it exists) and then the <c>AzureFunctionsJobHost</c> section of
    /// <paramref name="overrides"/> (settings such as <c>AzureFunctionsJobHost__extensions__queues__batchSize</c>),
    /// as the Functions host does.
    /// </summary>
    public static HostJsonSettings Load(string? hostJsonPath, IConfiguration? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (hostJsonPath is not null && File.Exists(hostJsonPath))
        {
            builder.AddJsonFile(hostJsonPath, optional: false, reloadOnChange: false);
        }

        if (overrides is not null)
        {
            var section = overrides.GetSection("AzureFunctionsJobHost");
            builder.AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true)
                .Where(pair => pair.Value is not null));
        }

        return From(builder.Build());
    }

    public static HostJsonSettings From(IConfiguration hostJson)
    {
        var defaults = new HostJsonSettings();
        var queues = hostJson.GetSection("extensions:queues");
        var queueDefaults = defaults.Queues;
        var batchSize = Int(queues, "batchSize", queueDefaults.BatchSize);
        if (batchSize is < 1 or > 32) throw new InvalidOperationException($"host.json extensions.queues.batchSize must be 1..32, not {batchSize}.");
        var maxDequeue = Int(queues, "maxDequeueCount", queueDefaults.MaxDequeueCount);
        if (maxDequeue < 1) throw new InvalidOperationException($"host.json extensions.queues.maxDequeueCount must be at least 1, not {maxDequeue}.");
        var encoding = queues["messageEncoding"] is { Length: > 0 } text
            ? text.Trim().ToLowerInvariant() switch
            {
                "base64" => QueueMessageEncodingSetting.Base64,
                "none" => QueueMessageEncodingSetting.None,
                _ => throw new InvalidOperationException($"host.json extensions.queues.messageEncoding must be 'base64' or 'none', not '{text}'."),
            }
            : queueDefaults.MessageEncoding;

        return new HostJsonSettings
        {
            RoutePrefix = (hostJson["extensions:http:routePrefix"] ?? defaults.RoutePrefix).Trim('/'),
            FunctionTimeout = Span(hostJson, "functionTimeout", defaults.FunctionTimeout),
            Queues = new QueueSettings
            {
                BatchSize = batchSize,
                NewBatchThreshold = Int(queues, "newBatchThreshold", batchSize / 2),
                MaxDequeueCount = maxDequeue,
                VisibilityTimeout = Span(queues, "visibilityTimeout", queueDefaults.VisibilityTimeout),
                MaxPollingInterval = Span(queues, "maxPollingInterval", queueDefaults.MaxPollingInterval),
                MessageEncoding = encoding,
            },
        };
    }

    private static int Int(IConfiguration section, string key, int fallback) =>
        section[key] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"host.json {key} is not an integer: '{text}'.")
            : fallback;

    private static TimeSpan Span(IConfiguration section, string key, TimeSpan fallback) =>
        section[key] is { Length: > 0 } text
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"host.json {key} is not a time span (hh:mm:ss): '{text}'.")
            : fallback;
}
