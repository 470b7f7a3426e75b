using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Functions.Console;
using NeoBay.Functions.Http;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Telemetry;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Auth;
using NeoBay.Policy;

// The folder is Moq/; the namespace is not ".Moq", which would hide the Moq library from every NeoBay.Functions.Tests namespace.
namespace NeoBay.Functions.Tests.Mocks;

/// <summary>
/// #13 "an interface in front of every use case a function calls, so every function has a Moq-based test": every class with a
/// [Function] method takes only what a test can fake or build without storage, and has its <c>&lt;Class&gt;Tests</c> here.
/// </summary>
public sealed class FunctionClassesTests
{
    /// <summary>Concrete types a Function class may take besides interfaces, options/settings records, loggers and clocks.</summary>
    private static readonly IReadOnlyDictionary<Type, string> Allowed = new Dictionary<Type, string>
    {
        [typeof(PolicyCatalog)] = "the policy catalog: pure data, loaded from embedded YAML",
        [typeof(TimeProvider)] = "the clock; tests pass a FakeTimeProvider",
        [typeof(TokenClock)] = "the real-time clock of tokens, a TimeProvider in a record",
        [typeof(ConsoleAssets)] = "the console's embedded static files, served as they are",
        [typeof(PersonIdentity)] = "common.14: a keyed hash of identity numbers, pure",
        [typeof(BusinessMetrics)] = "telemetry: sends nothing without Application Insights",
    };

    public static IReadOnlyList<Type> FunctionClasses { get; } = [.. typeof(FunctionApp).Assembly.GetTypes()
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    /// <summary>Why <paramref name="type"/> may be a constructor parameter of a Function class, or null when it may not.</summary>
    public static string? Reason(Type type)
    {
        if (type.IsInterface) return "an interface";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILogger<>)) return "a logger";
        if (IsRecord(type) && (type.Name.EndsWith("Options", StringComparison.Ordinal) || type.Name.EndsWith("Settings", StringComparison.Ordinal))) return "an options record";
        return Allowed.GetValueOrDefault(type);
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    [Fact]
    public void There_are_function_classes_to_check()
    {
        Assert.Contains(typeof(PersonsFunctions), FunctionClasses);
        Assert.Contains(typeof(PaymentRunFunctions), FunctionClasses);
        Assert.True(FunctionClasses.Count >= 27, string.Join(", ", FunctionClasses.Select(t => t.Name)));
    }

    [Fact]
    public void Every_function_class_takes_interfaces_options_loggers_and_clocks_only()
    {
        var concrete = FunctionClasses
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (Class: t, Parameter: p)))
            .Where(x => Reason(x.Parameter.ParameterType) is null)
            .Select(x => $"{x.Class.Name}({x.Parameter.ParameterType.Name} {x.Parameter.Name})")
            .ToList();

        Assert.True(concrete.Count == 0, "Put an interface in front of: " + string.Join("; ", concrete));
    }

    [Fact]
    public void Every_function_class_has_its_Moq_tests()
    {
        var missing = FunctionClasses.Where(t => typeof(FunctionClassesTests).Assembly.GetType($"{typeof(FunctionClassesTests).Namespace}.{t.Name}Tests") is null)
            .Select(t => t.Name).ToList();

        Assert.True(missing.Count == 0, "No Moq/<Class>Tests for: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_rule_refuses_a_concrete_use_case_and_takes_what_it_lists()
    {
        Assert.Null(Reason(typeof(Grants.Renewals.RenewalRecordsService)));
        Assert.Null(Reason(typeof(Grants.Payments.PaymentRunService)));
        Assert.NotNull(Reason(typeof(Grants.Renewals.IRenewalRecordsUseCases)));
        Assert.NotNull(Reason(typeof(EvaluationQueueOptions)));
        Assert.NotNull(Reason(typeof(ILogger<PersonsFunctions>)));
        Assert.Null(Reason(typeof(Logger<PersonsFunctions>)));
    }
}
