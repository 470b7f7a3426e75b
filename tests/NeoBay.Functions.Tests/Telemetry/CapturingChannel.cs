using Microsoft.ApplicationInsights.Channel;

namespace NeoBay.Functions.Tests.Telemetry;

/// <summary>An Application Insights channel that keeps what it is sent in memory (nothing leaves the machine).</summary>
internal sealed class CapturingChannel : ITelemetryChannel
{
    private readonly List<ITelemetry> items = [];

    /// <summary>What was sent so far (the SDK may still be sending from its own threads).</summary>
    public ITelemetry[] Items { get { lock (items) return [.. items]; } }
    public bool? DeveloperMode { get; set; }
    public string? EndpointAddress { get; set; }
    public void Send(ITelemetry item) { lock (items) items.Add(item); }
    public void Flush() { }
    public void Dispose() { }
}
