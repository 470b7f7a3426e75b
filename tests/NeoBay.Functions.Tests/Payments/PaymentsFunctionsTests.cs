using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Payments;
using NeoBay.Functions.Tests.Documents;
using NeoBay.Functions.Tests.Support;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage.Payments;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Payments;

/// <summary>The payee and payment functions as AddNeoBayFunctionApp wires them, on Azurite: account → run → file → results → the applicant's grant.</summary>
public sealed class PaymentsFunctionsTests
{
    private static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);

    private sealed class RecordingRunQueue : IPaymentRunQueue
    {
        public List<string> Sent { get; } = [];

        public Task EnqueueAsync(string startedBy, CancellationToken cancellationToken = default)
        {
            Sent.Add(QueuePaymentRunQueue.Write(startedBy));
            return Task.CompletedTask;
        }
    }

    private sealed class NullQueue : IEvaluationQueue
    {
        public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    [Fact]
    public async Task An_account_is_submitted_verified_and_paid_into_through_the_functions()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var connection = await Azurite.GetConnectionStringAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection, ["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("pf"), ["NeoBay:Environment"] = "Development",
        }).Build();
        var runQueue = new RecordingRunQueue();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).AddSingleton(new DocumentOptions { Container = Azurite.UniqueName("documents") })
            .AddSingleton<IPaymentRunQueue>(runQueue).AddSingleton<IEvaluationQueue>(new NullQueue()).AddNeoBayFunctionApp(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;

        // A02.1 approved: 20% × 12,000,000.00 = 2,400,000.00 issued on approval.
        var applicant = Requests.ApplicantA;
        var submitted = (await sp.GetRequiredService<IApplicationUseCases>().SubmitAsync(applicant, new EvaluationRequest("A02.1", default,
            new Applicant(ApplicantKind.Enterprise, Requests.UsccA, "零号湾（上海）示例科技有限公司", true, false), new ProjectRef("P-1", null),
            new Dictionary<string, FactValue> { ["totalInvestment"] = FactValue.Of(12_000_000m), ["nationalApproval"] = FactValue.Of(true) }, []), null)).Value!;
        await sp.GetRequiredService<IEvaluationUseCase>().EvaluateAsync(submitted.Id);
        await RequiredDocumentUploads.CompleteRequiredDocumentsAsync(sp, applicant, submitted.Id);
        var grantId = (await sp.GetRequiredService<IReviewUseCases>().DecideAsync(Requests.Reviewer, submitted.Id, "\"v3\"", new DecisionCommand(true, null, null))).Value!.GrantId!;
        var proof = await RequiredDocumentUploads.UploadAndCompleteAsync(sp, applicant, submitted.Id, "bankAccountProof", RequiredDocumentUploads.Pdf("开户许可证"));

        var payees = sp.GetRequiredService<PayeesFunctions>();
        string Account(string name, string number = "3100 1234 5678 9012 3") =>
            $$$"""{"accountName": "{{{name}}}", "bank": "中国工商银行", "branch": "上海闵行支行", "accountNumber": "{{{number}}}", "cnaps": "102290000011", "proof": {"applicationId": "{{{submitted.Id}}}", "documentId": "{{{proof}}}"}}""";
        (await payees.PutPayeeAccount(Requests.Make("PUT", Account("别的公司"), applicant), Requests.UsccA)).Problem(422, "AccountNameMismatch");
        (await payees.PutPayeeAccount(Requests.Make("PUT", """{"accountName": "x", "iban": "1"}""", applicant), Requests.UsccA)).Problem(400, "InvalidBody");
        var put = (await payees.PutPayeeAccount(Requests.Make("PUT", Account("零号湾(上海)示例科技有限公司"), applicant), Requests.UsccA)).Api();
        Assert.True(put.StatusCode == 200, put.Body);
        Assert.Equal(("****0123", "pending", "\"v1\""), (put.JsonBody().GetProperty("accountNumber").GetString(), put.JsonBody().GetProperty("status").GetString(), put.Headers["ETag"]));
        Assert.DoesNotContain("31001234567890123", put.Body!, StringComparison.Ordinal);
        (await payees.GetPayeeAccount(Requests.Make(caller: Caller.Create("b", [Roles.Applicant], Requests.UsccB)), Requests.UsccA)).Problem(404, "NotFound");
        (await payees.VerifyPayeeAccount(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer), Requests.UsccA)).Problem(428, "PreconditionRequired");
        var verified = (await payees.VerifyPayeeAccount(Requests.Make("POST", """{"approve": true}""", Requests.Reviewer, ("If-Match", "\"v1\"")), Requests.UsccA)).Json();
        Assert.Equal("verified", verified.GetProperty("status").GetString());

        // The run: POST records it and queues the work; the queue function carries it out.
        clock.Advance(TimeSpan.FromHours(1));
        var payments = sp.GetRequiredService<PaymentsFunctions>();
        var started = (await payments.StartPaymentRun(Requests.Make("POST", caller: Admin))).Api();
        Assert.Equal((202, "/api/admin/payments/runs/20261126"), (started.StatusCode, started.Headers["Location"]));
        var message = Assert.Single(runQueue.Sent);
        await sp.GetRequiredService<PaymentRunFunctions>().RunPayments(QueuesModelFactory.QueueMessage("m1", "r1", message, 1), CancellationToken.None);
        var run = (await payments.GetPaymentRun(Requests.Make(caller: Admin), "20261126")).Json();
        Assert.Equal("complete", run.GetProperty("status").GetString());
        var batch = Assert.Single(run.GetProperty("batches").EnumerateArray().ToList());
        Assert.Equal(("20261126-2026-A02.1", "2400000.00", 1), (batch.GetProperty("id").GetString(), batch.GetProperty("total").GetRawText(), batch.GetProperty("lines").GetInt32()));

        const string id = "20261126-2026-A02.1";
        (await payments.ImportPaymentResults(Requests.Make("POST", """{"results": [{"row": 1, "amount": 2400000.00, "result": "paid", "paidOn": "2026-11-28"}]}""", Admin), id))
            .Problem(409, "BatchNotExported");
        var file = (await payments.GetPaymentFile(Requests.Make(caller: Admin), id)).Api();
        Assert.Equal((200, PaymentsFunctions.CsvContentType), (file.StatusCode, file.ContentType));
        Assert.StartsWith("\uFEFFbatch,fiscalYear,fundingLine,count,sum\r\n20261126-2026-A02.1,2026,A02.1,1,2400000.00\r\n", file.Body!, StringComparison.Ordinal);
        Assert.Contains(",31001234567890123,", file.Body!, StringComparison.Ordinal);
        var detail = (await payments.GetPaymentBatch(Requests.Make(caller: Admin), id)).Json();
        Assert.Equal(("exported", file.Headers["X-Content-SHA256"]), (detail.GetProperty("batch").GetProperty("status").GetString(), detail.GetProperty("batch").GetProperty("fileSha256").GetString()));
        Assert.Equal("****0123", detail.GetProperty("rows")[0].GetProperty("accountNumber").GetString());

        var wrong = (await payments.ImportPaymentResults(Requests.Make("POST", """{"results": [{"row": 1, "amount": 2400000.01, "result": "paid", "paidOn": "2026-11-28"}]}""", Admin), id))
            .Problem(422, "AmountMismatch");
        Assert.Equal("results[0]", wrong.GetProperty("errors")[0].GetProperty("field").GetString());
        var csv = Requests.Make("POST", "row,amount,result,paidOn,reason\r\n1,2400000.00,paid,2026-11-28,\r\n", Admin);
        csv.ContentType = "text/csv";
        var imported = (await payments.ImportPaymentResults(csv, id)).Json();
        Assert.Equal(("closed", 1, "2400000.00"), (imported.GetProperty("batch").GetProperty("status").GetString(), imported.GetProperty("paidRows").GetInt32(), imported.GetProperty("paid").GetRawText()));

        // The batches list (the console's batches page): filtered on the server; a bad filter is a 400 naming its field.
        var list = sp.GetRequiredService<PaymentBatchListFunctions>();
        async Task<JsonElement> ListAsync(string query)
        {
            var request = Requests.Make(caller: Admin);
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            return (await list.ListPaymentBatches(request)).Json();
        }

        var listed = Assert.Single((await ListAsync("")).GetProperty("items").EnumerateArray().ToList());
        Assert.Equal((id, "20261126", "closed", "2400000.00", 1, 1), (listed.GetProperty("id").GetString(), listed.GetProperty("runId").GetString(),
            listed.GetProperty("status").GetString(), listed.GetProperty("total").GetRawText(), listed.GetProperty("payees").GetInt32(), listed.GetProperty("lines").GetInt32()));
        Assert.Equal(JsonValueKind.Null, (await ListAsync("")).GetProperty("continuationToken").ValueKind);
        Assert.Single((await ListAsync("?status=closed&fiscalYear=2026")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync("?status=sealed")).GetProperty("items").EnumerateArray());
        Assert.Empty((await ListAsync("?fiscalYear=2027")).GetProperty("items").EnumerateArray());
        foreach (var (query, field) in new[] { ("?status=xpaid", "status"), ("?fiscalYear=x2026", "fiscalYear"), ("?take=0", "pageSize"), ("?continuationToken=x%21", "continuationToken") })
        {
            var request = Requests.Make(caller: Admin);
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
            var problem = (await list.ListPaymentBatches(request)).Api();
            Assert.True(problem.StatusCode == 400, query);
            Assert.Equal(field, problem.JsonBody().GetProperty("errors")[0].GetProperty("field").GetString());
        }

        // The applicant sees the line paid, with the date.
        var grant = (await sp.GetRequiredService<GrantsFunctions>().GetGrant(Requests.Make(caller: applicant), grantId)).Json();
        var line = Assert.Single(grant.GetProperty("ledger").EnumerateArray().ToList());
        Assert.Equal(("paid", "2026-11-28"), (line.GetProperty("status").GetString(), line.GetProperty("paidOn").GetString()));
    }
}
