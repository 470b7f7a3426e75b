using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Functions;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Notifications;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Simulations;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Evaluation;
using NeoBay.Grants.Storage.Notifications;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Grants.Storage.Simulations;
using NeoBay.Testing;

namespace NeoBay.LocalHost.Tests.EndToEnd;

/// <summary>
/// The real Function App (NeoBay.Functions, its own DI registration and middleware) on the local host, against the test
/// Azurite, with its own tables (prefix), evaluation and renewals queues, the real clock (upload SAS must be valid for Azurite), and the repo's host.json.
/// </summary>
public sealed class NeoBayHost : IAsyncDisposable
{
    public const string Key = "e2e-local-key";
    public const string UsccA = "91330100799655058B";
    public const string UsccB = "91310000MA1FL0000X";

    private readonly string root;

    private NeoBayHost(WebApplication app, string root, string storage, string queueName)
    {
        App = app;
        this.root = root;
        Storage = storage;
        QueueName = queueName;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string Storage { get; }

    public string QueueName { get; }

    public static async Task<NeoBayHost> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var storage = await Azurite.GetConnectionStringAsync();
        var root = Directory.CreateTempSubdirectory("neobay-e2e-").FullName;
        File.Copy(Path.Combine(Azurite.RepositoryRoot(), "host.json"), Path.Combine(root, "host.json"));
        var queueName = Azurite.UniqueName("evaluate");
        var renewalsQueue = Azurite.UniqueName("renewals");
        var paymentsQueue = Azurite.UniqueName("payments");
        var simulationsQueue = Azurite.UniqueName("simulations");
        var rematchQueue = Azurite.UniqueName("rematch");
        var sendQueue = Azurite.UniqueName("send");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("e2e"),
            ["NeoBay:Environment"] = "Development",
            [$"LocalHost:Queues:{QueueEvaluationQueue.QueueName}"] = queueName,
            [$"LocalHost:Queues:{QueueRenewalQueue.QueueName}"] = renewalsQueue,
            // The yearly timer (its default schedule) runs only when fired by hand through /admin/functions.
            ["RenewalsSchedule"] = "0 5 16 31 12 *",
            ["AzureWebJobs.StartYearlyRenewal.Disabled"] = "true",
            ["PaymentsSchedule"] = "0 0 1 1 * *",
            ["AzureWebJobs.StartScheduledPaymentRun.Disabled"] = "true",
            [$"LocalHost:Queues:{QueuePaymentRunQueue.QueueName}"] = paymentsQueue,
            [$"LocalHost:Queues:{QueueSimulationQueue.QueueName}"] = simulationsQueue,
            // Push (issue 15): this host's own queues; the daily catalog timer runs only when fired by hand.
            [$"LocalHost:Queues:{QueueRematchQueue.QueueName}"] = rematchQueue,
            [$"LocalHost:Queues:{QueueNotificationDeliveryQueue.QueueName}"] = sendQueue,
            ["PushSchedule"] = "0 5 16 * * *",
            ["AzureWebJobs.StartCatalogRematch.Disabled"] = "true",
            ["LocalHost:Urls"] = $"http://127.0.0.1:{Azurite.FreePort()}",
            ["LocalHost:Key"] = Key,
        };
        configure?.Invoke(settings);
        var app = FunctionAppBinding.Options(root, [], typeof(FunctionApp).Assembly);
        var registration = app.ConfigureServices ?? throw new InvalidOperationException("NeoBay.Functions has no AddNeoBayFunctionApp.");
        var web = LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionAssembly = app.FunctionAssembly,
            Middleware = app.Middleware,
            ContentRoot = root,
            Settings = settings,
            ConfigureServices = (services, configuration) =>
            {
                // Registered first, so the app's TryAdd keeps it: this host's own evaluation queue.
                services.AddSingleton<IEvaluationQueue>(new QueueEvaluationQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), queueName));
                services.AddSingleton<IRenewalQueue>(new QueueRenewalQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), renewalsQueue));
                services.AddSingleton<IPaymentRunQueue>(new QueuePaymentRunQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), paymentsQueue));
                services.AddSingleton<ISimulationQueue>(new QueueSimulationQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), simulationsQueue));
                services.AddSingleton(new QueueRematchQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), rematchQueue));
                services.AddSingleton<INotificationDeliveryQueue>(new QueueNotificationDeliveryQueue(new QueueServiceClient(storage, StorageClients.QueueOptions()), sendQueue));
                registration(services, configuration);
            },
        });
        await web.StartAsync();
        return new NeoBayHost(web, root, storage, queueName);
    }

    /// <summary>A client with a development token for <paramref name="role"/>, minted on the app's token clock (real time).</summary>
    /// <remarks>Every answer is checked against the OpenAPI document (<see cref="OpenApiValidatingHandler"/>).</remarks>
    public HttpClient Client(string? role = null, string? uscc = null, IReadOnlyList<string>? actsFor = null) =>
        Authorise(new HttpClient(new OpenApiValidatingHandler(new HttpClientHandler())) { BaseAddress = BaseAddress }, role, uscc, actsFor);

    /// <summary>As <see cref="Client"/>, without the OpenAPI check: for requests the API does not serve (hostile input answered by the host).</summary>
    public HttpClient UncheckedClient(string? role = null, string? uscc = null, IReadOnlyList<string>? actsFor = null) =>
        Authorise(new HttpClient { BaseAddress = BaseAddress }, role, uscc, actsFor);

    private HttpClient Authorise(HttpClient client, string? role, string? uscc, IReadOnlyList<string>? actsFor)
    {
        if (role is not null)
        {
            var token = DevelopmentTokens.Mint(role, uscc, actsFor, TimeSpan.FromHours(1), App.Services.GetRequiredService<TokenClock>().Time);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static string Application(string measure, string uscc, string facts, string projectKey = "P-1") => $$"""
        { "measure": "{{measure}}",
          "applicant": { "kind": "enterprise", "uscc": "{{uscc}}", "name": "测试企业", "inZone": true, "isSme": false },
          "project": { "key": "{{projectKey}}", "name": "项目" },
          "facts": {{facts}} }
        """;

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>Reads the application until its status is no longer submitted/evaluating; returns the last answer and its ETag.</summary>
    public static async Task<(JsonElement Body, string ETag)> PollUntilEvaluatedAsync(HttpClient client, string id, int seconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            var response = await client.GetAsync($"/api/applications/{id}");
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var status = body.GetProperty("status").GetString();
            if (status is not ("submitted" or "evaluating")) return (body, response.Headers.ETag!.Tag);
            if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException($"Application {id} is still {status} after {seconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>A binding's authorisation letter through the documents flow: upload URL, PUT to storage, complete; the completed document.</summary>
    public static async Task<JsonElement> UploadBindingLetterAsync(HttpClient applicant, string bindingId)
    {
        var letter = "%PDF-1.7\n% 授权委托书\n%%EOF\n"u8.ToArray();
        var ticketResponse = await applicant.PostAsJsonAsync($"/api/bindings/{bindingId}/documents",
            new { category = "authorisationLetter", fileName = "letter.pdf", contentType = "application/pdf", size = letter.Length });
        Assert.Equal(HttpStatusCode.Created, ticketResponse.StatusCode);
        var ticket = await ticketResponse.Content.ReadFromJsonAsync<JsonElement>();
        using (var storage = new HttpClient())
        {
            var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(letter) };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
        }

        var completed = await applicant.PostAsync($"/api/bindings/{bindingId}/documents/{ticket.GetProperty("documentId").GetString()}/complete", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        return await completed.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>As the mini-program does: an upload URL per required document, a PUT of the file to it, then "complete".</summary>
    public static async Task UploadRequiredDocumentsAsync(HttpClient applicant, string id, string measure)
    {
        var definition = await applicant.GetFromJsonAsync<JsonElement>($"/api/measures/{measure}");
        var pdf = "%PDF-1.4\n% NeoBay end-to-end test\n"u8.ToArray();
        using var storage = new HttpClient();
        foreach (var required in definition.GetProperty("requiredDocuments").EnumerateArray())
        {
            var category = required.GetProperty("category").GetString()!;
            var ticket = await applicant.PostAsync($"/api/applications/{id}/documents",
                new StringContent(JsonSerializer.Serialize(new { category, fileName = category + ".pdf", contentType = "application/pdf", size = pdf.Length }), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(ticket.StatusCode == HttpStatusCode.Created, await ticket.Content.ReadAsStringAsync());
            var upload = await ticket.Content.ReadFromJsonAsync<JsonElement>();

            using var put = new HttpRequestMessage(HttpMethod.Put, upload.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(pdf) };
            foreach (var header in upload.GetProperty("requiredHeaders").EnumerateObject())
            {
                if (!put.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
                    put.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }

            Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
            var completed = await applicant.PostAsync($"/api/applications/{id}/documents/{upload.GetProperty("documentId").GetString()}/complete", null);
            Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
