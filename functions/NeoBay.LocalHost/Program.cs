using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NeoBay.LocalHost;
using NeoBay.LocalHost.Configuration;
using NeoBay.LocalHost.Storage;

// The local development host: `dotnet run --project functions/NeoBay.LocalHost` (or ./run.sh).
var root = RepositoryRoot.Find(args);
args = RepositoryRoot.WithoutRoot(args);
Console.WriteLine("==================================================================================");
Console.WriteLine(" NeoBay Grants - local DEVELOPMENT host (a stand-in for `func start`, never for production)");
Console.WriteLine($" root: {root}   settings: {Path.GetFileName(LocalSettings.SettingsFile(root) ?? "(none)")}");
Console.WriteLine("==================================================================================");

var configuration = LocalSettings.Build(root, args);
var extra = new Dictionary<string, string?>();
AzuriteLauncher? azurite = null;
var storage = configuration[LocalHostSettings.StorageKey];
if (string.IsNullOrWhiteSpace(storage) && string.IsNullOrWhiteSpace(configuration[LocalHostSettings.StorageKey + ":queueServiceUri"]))
{
    extra[LocalHostSettings.StorageKey] = "UseDevelopmentStorage=true";
    storage = "UseDevelopmentStorage=true";
}

try
{
    if (!LocalHostSettings.Flag(configuration, LocalHostSettings.NoAzuriteKey) && AzuriteLauncher.UsesDefaultEmulator(storage))
    {
        if (await AzuriteLauncher.AnswersAsync())
        {
            Console.WriteLine("Storage: Azurite already answers on 127.0.0.1:10000-10002; using it.");
        }
        else
        {
            Console.WriteLine("Storage: starting Azurite (node_modules/azurite, data in .azurite/) on 127.0.0.1:10000-10002...");
            azurite = await AzuriteLauncher.StartAsync(root, Console.Out);
            Console.WriteLine($"Storage: Azurite started (pid {azurite.ProcessId}); it stops with this host.");
        }
    }
    else
    {
        Console.WriteLine("Storage: using the configured AzureWebJobsStorage (Azurite not started).");
    }

    var options = FunctionAppBinding.Options(root, args);
    WebApplication app;
    try
    {
        app = LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionAssembly = options.FunctionAssembly,
            ConfigureServices = options.ConfigureServices,
            Middleware = options.Middleware,
            ContentRoot = root,
            Args = args,
            Settings = extra,
        });
    }
    catch (ProductionStorageRefusedException refused)
    {
        Console.Error.WriteLine(refused.Message);
        return 2;
    }

    if (options.ConfigureServices is null)
        Console.WriteLine($"Warning: {FunctionAppBinding.AssemblyName} has no {FunctionAppBinding.RegistrationMethod}(IServiceCollection, IConfiguration); functions get only the host's services.");

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        foreach (var line in LocalFunctionHost.Describe(app)) Console.WriteLine(line);
        foreach (var line in StartupGuide.Lines(app)) Console.WriteLine(line);
        Console.WriteLine("Press Ctrl+C to stop (Azurite too, if this host started it).");
    });
    await app.RunAsync();
    return 0;
}
catch (Exception error) when (error is InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine("The local host could not start: " + error.Message);
    return 1;
}
finally
{
    azurite?.Dispose();
}
