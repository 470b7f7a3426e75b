using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Http;
using NeoBay.Functions.Queues;
using NeoBay.Functions.Tests.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Evaluation;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Http;

/// <summary>The function classes as AddNeoBayFunctionApp wires them, on Azurite: HTTP in, queue (base64), tables, HTTP out.</summary>
public sealed class EndToEndTests
{
    private static async Task<(ServiceProvider Services, QueueClient Queue)> AppAsync()
    {
        var connection = await Azurite.GetConnectionStringAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("e"),
            ["NeoBay:Environment"] = "Development",
        }).Build();
        var queue = new QueueClient(connection, Azurite.UniqueName("evaluate"), StorageClients.QueueOptions());
        await queue.CreateIfNotExistsAsync();

        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));
        services.AddSingleton(new NeoBay.Grants.Documents.DocumentOptions { Container = Azurite.UniqueName("documents") });
        services.AddSingleton<IEvaluationQueue>(sp => new QueueEvaluationQueue(new QueueServiceClient(connection, StorageClients.QueueOptions()), queue.Name));
        services.AddNeoBayFunctionApp(configuration);
        return (services.BuildServiceProvider(), queue);
    }

    [Fact]
    public async Task Submit_evaluate_approve_and_read_the_grant_through_the_functions()
    {
        var (services, queue) = await AppAsync();
        using var scope = services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<ApplicationsFunctions>();
        var grants = scope.ServiceProvider.GetRequiredService<GrantsFunctions>();
        var evaluate = scope.ServiceProvider.GetRequiredService<EvaluateApplicationFunction>();

        var submitted = (await applications.SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA, ("Idempotency-Key", "e2e-1")))).Api();
        Assert.Equal(202, submitted.StatusCode);
        var id = submitted.JsonBody().GetProperty("id").GetString()!;

        // The message is base64 on the wire, as the queue trigger expects, and names the application.
        var message = (await queue.ReceiveMessageAsync()).Value;
        Assert.Equal(id, EvaluationMessage.Read(message.Body.ToString()));
        await evaluate.EvaluateApplication(message, CancellationToken.None);

        var read = (await applications.GetApplication(Requests.Make(caller: Requests.ApplicantA), id)).Api();
        Assert.Equal("eligible", read.JsonBody().GetProperty("status").GetString());
        Assert.Equal("2400000.00", read.JsonBody().GetProperty("decision").GetProperty("amount").GetRawText());

        var other = Caller.Create("applicant-b", [Roles.Applicant], Requests.UsccB);
        (await applications.GetApplication(Requests.Make(caller: other), id)).Problem(404, "NotFound");

        (await applications.DecideApplication(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v2\"")), id)).Problem(412, "PreconditionFailed");
        await RequiredDocumentUploads.CompleteRequiredDocumentsAsync(services, Requests.ApplicantA, id);
        var decided = (await applications.DecideApplication(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", read.Headers["ETag"])), id)).Json();
        Assert.Equal("approved", decided.GetProperty("status").GetString());

        var grantId = decided.GetProperty("grantId").GetString()!;
        var grant = (await grants.GetGrant(Requests.Make(caller: Requests.ApplicantA), grantId)).Json();
        Assert.Equal(("2400000.00", id), (grant.GetProperty("amount").GetRawText(), grant.GetProperty("applicationId").GetString()));
        var line = grant.GetProperty("ledger")[0];
        Assert.Equal((2026, "approval", "2400000.00", "issued"),
            (line.GetProperty("fiscalYear").GetInt32(), line.GetProperty("trigger").GetString(), line.GetProperty("amount").GetRawText(), line.GetProperty("status").GetString()));
        (await grants.GetGrant(Requests.Make(caller: other), grantId)).Problem(404, "NotFound");

        var replay = (await applications.SubmitApplication(Requests.Make("POST", Requests.A021Body(), Requests.ApplicantA, ("Idempotency-Key", "e2e-1")))).Api();
        Assert.Equal((202, id), (replay.StatusCode, replay.JsonBody().GetProperty("id").GetString()));
    }
}
