using NeoBay.Functions;
using NeoBay.LocalHost.Discovery;

namespace NeoBay.LocalHost.Tests.EndToEnd;

public sealed class FunctionAppBindingTests
{
    [Fact]
    public void The_local_host_finds_the_apps_registration_middleware_and_every_function_with_a_trigger_it_runs()
    {
        var options = FunctionAppBinding.Options(Path.GetTempPath(), [], typeof(FunctionApp).Assembly);

        var functions = FunctionCatalog.Discover(options.FunctionAssembly);

        Assert.NotNull(options.ConfigureServices);
        Assert.Equal(FunctionApp.Middleware, options.Middleware);
        Assert.Contains(functions, f => f is { Name: "EvaluateApplication", Trigger: TriggerKind.Queue });
        Assert.Contains(functions, f => f is { Name: "SubmitApplication", Trigger: TriggerKind.Http, Http.Route: "applications" });
    }
}
