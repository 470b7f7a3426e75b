using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NCrontab;
using NeoBay.LocalHost.Configuration;
using NeoBay.LocalHost.Discovery;
using NeoBay.LocalHost.Http;
using NeoBay.LocalHost.Invocation;

namespace NeoBay.LocalHost;

/// <summary>What the listeners and endpoints share: the functions, host.json, configuration, the key and the invoker.</summary>
public sealed partial class LocalFunctionRuntime
{
    private readonly IServiceProvider services;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<Task, byte> handFired = new();

    public LocalFunctionRuntime(
        IReadOnlyList<FunctionDescriptor> functions,
        HostJsonSettings hostSettings,
        IConfiguration configuration,
        LocalKeys keys,
        FunctionInvoker invoker,
        TimeProvider timers,
        IServiceProvider services,
        ILogger<LocalFunctionRuntime> logger)
    {
        Functions = functions;
        HostSettings = hostSettings;
        Configuration = configuration;
        Keys = keys;
        Invoker = invoker;
        Timers = timers;
        this.services = services;
        this.logger = logger;
        EnabledFunctions = functions.Where(f => !LocalHostSettings.IsDisabled(configuration, f.Name)).ToList();
    }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The functions not switched off by <c>AzureWebJobs.{name}.Disabled=true</c>.</summary>
    public IReadOnlyList<FunctionDescriptor> EnabledFunctions { get; }

    public HostJsonSettings HostSettings { get; }

    public IConfiguration Configuration { get; }

    public LocalKeys Keys { get; }

    public FunctionInvoker Invoker { get; }

    /// <summary>The clock timers run by (the system clock unless a test gives another).</summary>
    public TimeProvider Timers { get; }

    /// <summary>Replaces every <c>%Setting%</c> in an attribute value with the setting's value.</summary>
    public string Resolve(string value) => SettingReference().Replace(value, match =>
        Configuration[match.Groups[1].Value] is { Length: > 0 } resolved
            ? resolved
            : throw new InvalidOperationException($"The setting '{match.Groups[1].Value}' named by '{value}' is not configured."));

    /// <summary>
    /// The queue a queue function listens on: its attribute's name with settings resolved, or the name given by
    /// <c>LocalHost:Queues:{name}</c> (so parallel test hosts on one storage account do not share a queue).
    /// </summary>
    public string QueueNameFor(FunctionDescriptor function)
    {
        var name = Resolve(function.Queue!.QueueName);
        return (Configuration[$"{LocalHostSettings.QueueOverridePrefix}{name}"] is { Length: > 0 } renamed ? renamed : name).ToLowerInvariant();
    }

    public static CrontabSchedule ParseSchedule(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields != 6)
            throw new InvalidOperationException($"Timer schedule '{expression}' has {fields} fields; NCRONTAB needs 6 (second minute hour day month day-of-week), in UTC.");
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    /// <summary>Runs a queue or timer function once, in its own DI scope, through the middleware.</summary>
    public async Task RunAsync(FunctionDescriptor function, object trigger, IReadOnlyDictionary<string, object?> bindingData, string reason, CancellationToken cancellationToken, int retryCount = 0, int maxRetryCount = 0)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, bindingData, cancellationToken, retryCount, maxRetryCount);
        await Invoker.InvokeAsync(function, context, trigger, reason);
    }

    /// <summary>Starts a queue function with <paramref name="input"/> as its message, or a timer function, and returns at once.</summary>
    public Task FireByHand(FunctionDescriptor function, string input)
    {
        object trigger;
        IReadOnlyDictionary<string, object?> data;
        if (function.Trigger == TriggerKind.Queue)
        {
            var now = Timers.GetUtcNow();
            var message = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), string.Empty, BinaryData.FromString(input), 1, now, now, now.AddDays(7));
            trigger = message;
            data = QueueBindingData(message);
        }
        else
        {
            trigger = TimerInfoFor(function, last: null);
            data = new Dictionary<string, object?>();
        }

        var run = Task.Run(async () =>
        {
            try
            {
                await RunAsync(function, trigger, data, "This function was programmatically called via the host APIs.", CancellationToken.None);
            }
            catch (Exception error)
            {
                logger.LogWarning("The hand-fired run of '{Function}' failed: {Error}", function.Name, error.Message);
            }
        });
        handFired.TryAdd(run, 0);
        run.ContinueWith(done => handFired.TryRemove(done, out _), TaskScheduler.Default);
        return run;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for runs fired by hand to finish.</summary>
    public Task DrainAsync(TimeSpan timeout) => Task.WhenAny(Task.WhenAll(handFired.Keys), Task.Delay(timeout));

    internal static Dictionary<string, object?> QueueBindingData(QueueMessage message) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = message.MessageId,
        ["PopReceipt"] = message.PopReceipt,
        ["DequeueCount"] = message.DequeueCount,
        ["InsertionTime"] = message.InsertedOn,
        ["ExpirationTime"] = message.ExpiresOn,
        ["NextVisibleTime"] = message.NextVisibleOn,
        ["QueueTrigger"] = message.Body.ToString(),
    };

    internal TimerInfo TimerInfoFor(FunctionDescriptor function, DateTime? last, DateTime? scheduled = null, bool isPastDue = false)
    {
        var now = Timers.GetUtcNow().UtcDateTime;
        CrontabSchedule schedule;
        try
        {
            schedule = ParseSchedule(Resolve(function.Timer!.Schedule));
        }
        catch (Exception error) when (error is InvalidOperationException or CrontabException)
        {
            // Only a run by hand gets here (the scheduler refuses such a timer): it runs without a schedule status.
            logger.LogWarning("Timer '{Function}' has no usable schedule ({Error}); running it without a schedule status", function.Name, error.Message);
            return new TimerInfo { IsPastDue = isPastDue };
        }

        return new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus
            {
                Last = last ?? default,
                Next = schedule.GetNextOccurrence(scheduled is { } at && at > now ? at : now),
                LastUpdated = now,
            },
        };
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
