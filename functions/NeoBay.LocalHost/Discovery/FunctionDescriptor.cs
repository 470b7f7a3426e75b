using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace NeoBay.LocalHost.Discovery;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}

/// <summary>One <c>[Function]</c> method and its trigger, as found in the Function App assembly.</summary>
public sealed record FunctionDescriptor(string Name, MethodInfo Method, TriggerKind Trigger, ParameterInfo TriggerParameter)
{
    public Type Class => Method.DeclaringType!;

    public string EntryPoint => $"{Class.FullName}.{Method.Name}";

    public HttpTriggerInfo? Http { get; init; }

    public QueueTriggerInfo? Queue { get; init; }

    public TimerTriggerInfo? Timer { get; init; }

    /// <summary>The binding type names the Functions host uses in function metadata.</summary>
    public string BindingType => Trigger switch
    {
        TriggerKind.Http => "httpTrigger",
        TriggerKind.Queue => "queueTrigger",
        _ => "timerTrigger",
    };
}

/// <param name="Route">The route template without the host's prefix (the function name when the attribute gives none).</param>
/// <param name="Methods">Upper-case HTTP methods; empty means every method.</param>
public sealed record HttpTriggerInfo(string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel);

/// <param name="QueueName">As written in the attribute; may be a <c>%Setting%</c>.</param>
public sealed record QueueTriggerInfo(string QueueName, string Connection);

/// <param name="Schedule">As written in the attribute; may be a <c>%Setting%</c>.</param>
public sealed record TimerTriggerInfo(string Schedule, bool RunOnStartup);
