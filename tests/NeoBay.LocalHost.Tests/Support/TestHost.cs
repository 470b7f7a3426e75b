using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.LocalHost.Tests.TestApp;
using NeoBay.Testing;

namespace NeoBay.LocalHost.Tests.Support;

/// <summary>The local host running the test Function App on a free port against the test Azurite, with unique queue names.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string Key = "test-local-key";

    /// <summary>host.json for tests: quick retries and polling, three tries before poison.</summary>
    public const string HostJson = """
        {
          "version": "2.0",
          "extensions": {
            "http": { "routePrefix": "api" },
            "queues": { "batchSize": 4, "newBatchThreshold": 2, "maxDequeueCount": 3, "visibilityTimeout": "00:00:00",
                        "maxPollingInterval": "00:00:00.500", "messageEncoding": "base64" }
          }
        }
        """;

    private readonly string root;

    private TestHost(WebApplication app, string root, string storage, Dictionary<string, string?> settings)
    {
        App = app;
        this.root = root;
        Storage = storage;
        Settings = settings;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Storage { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public Recorder Recorder => App.Services.GetRequiredService<Recorder>();

    public string Queue(string setting) => Settings[setting]!;

    public static async Task<TestHost> StartAsync(Action<Dictionary<string, string?>>? configure = null, string hostJson = HostJson, TimeProvider? clock = null)
    {
        var storage = await Azurite.GetConnectionStringAsync();
        var root = Directory.CreateTempSubdirectory("neobay-localhost-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "host.json"), hostJson);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["LocalHost:Urls"] = $"http://127.0.0.1:{Azurite.FreePort()}",
            ["LocalHost:Key"] = Key,
            ["TestQueue"] = Azurite.UniqueName("test"),
            ["OrderQueue"] = Azurite.UniqueName("order"),
            ["FailQueue"] = Azurite.UniqueName("fail"),
            ["SlowQueue"] = Azurite.UniqueName("slow"),
            ["GateQueue"] = Azurite.UniqueName("gate"),
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["AzureWebJobs.Tick.Disabled"] = "true",
        };
        configure?.Invoke(settings);
        var app = LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionAssembly = typeof(TestFunctions).Assembly,
            ConfigureServices = (services, _) =>
            {
                var recorder = new Recorder();
                services.AddSingleton(recorder);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new RecordingLoggerProvider(recorder));
            },
            Middleware = [typeof(FirstMiddleware), typeof(SecondMiddleware), typeof(DenyingMiddleware)],
            ContentRoot = root,
            Settings = settings,
            TimerClock = clock,
        });
        await app.StartAsync();
        return new TestHost(app, root, storage, settings);
    }

    public HttpRequestMessage Admin(HttpMethod method, string path, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", Key);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
