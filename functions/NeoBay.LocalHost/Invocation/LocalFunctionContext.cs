using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Invocation;

/// <summary>The <see cref="FunctionContext"/> of one invocation on the local host.</summary>
public sealed class LocalFunctionContext : FunctionContext
{
    /// <summary>The key under which the ASP.NET Core integration's <c>GetHttpContext()</c> looks for the request.</summary>
    public const string HttpContextKey = "HttpRequestContext";

    public LocalFunctionContext(
        FunctionDescriptor function,
        IServiceProvider services,
        IReadOnlyDictionary<string, object?> bindingData,
        CancellationToken cancellationToken,
        int retryCount = 0,
        int maxRetryCount = 0)
    {
        InvocationId = Guid.NewGuid().ToString();
        FunctionDefinition = new LocalFunctionDefinition(function);
        InstanceServices = services;
        BindingContext = new LocalBindingContext(bindingData);
        RetryContext = new LocalRetryContext(retryCount, maxRetryCount);
        TraceContext = new LocalTraceContext(Activity.Current);
        CancellationToken = cancellationToken;
    }

    public override string InvocationId { get; }

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; }

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext { get; }

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new LocalInvocationFeatures();

    public override CancellationToken CancellationToken { get; }

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }

    private sealed class LocalRetryContext(int retryCount, int maxRetryCount) : RetryContext
    {
        public override int RetryCount { get; } = retryCount;

        public override int MaxRetryCount { get; } = maxRetryCount;
    }

    private sealed class LocalTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? string.Empty;

        public override string TraceState { get; } = activity?.TraceStateString ?? string.Empty;
    }

    private sealed class LocalInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = new();

        public void Set<T>(T instance)
        {
            if (instance is null) features.Remove(typeof(T));
            else features[typeof(T)] = instance;
        }

        public T? Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Name, entry point, parameters and trigger binding of a function, as the worker describes them.</summary>
public sealed class LocalFunctionDefinition : FunctionDefinition
{
    public LocalFunctionDefinition(FunctionDescriptor function)
    {
        Name = function.Name;
        Id = function.Name;
        EntryPoint = function.EntryPoint;
        PathToAssembly = function.Class.Assembly.Location;
        Parameters = function.Method.GetParameters()
            .Select(p => new FunctionParameter(p.Name ?? string.Empty, p.ParameterType))
            .ToImmutableArray();
        InputBindings = ImmutableDictionary<string, BindingMetadata>.Empty.Add(
            function.TriggerParameter.Name ?? "trigger",
            new LocalBindingMetadata(function.TriggerParameter.Name ?? "trigger", function.BindingType));
        OutputBindings = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    public override ImmutableArray<FunctionParameter> Parameters { get; }

    public override string PathToAssembly { get; }

    public override string EntryPoint { get; }

    public override string Id { get; }

    public override string Name { get; }

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }

    private sealed class LocalBindingMetadata(string name, string type) : BindingMetadata
    {
        public override string Name { get; } = name;

        public override string Type { get; } = type;

        public override BindingDirection Direction => BindingDirection.In;
    }
}
