using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Functions.Timers;
using NeoBay.Grants.Applications;
using NeoBay.Grants.Common;
using NeoBay.Grants.Decisions;
using NeoBay.Grants.Documents;
using NeoBay.Grants.Evaluation;
using NeoBay.Grants.Ledger;
using NeoBay.Grants.Renewals;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Renewals;
using NeoBay.Policy;
using NeoBay.Testing;

namespace NeoBay.Functions.Tests.Renewals;

/// <summary>The renewal and voucher functions as AddNeoBayFunctionApp wires them, on Azurite.</summary>
public sealed class RenewalsFunctionsTests
{
    private const string SmeUscc = "91330100799655058B";
    private static readonly Caller Admin = Caller.Create("admin-1", [Roles.Admin]);
    private static readonly Caller Sme = Caller.Create("sme-1", [Roles.Applicant], SmeUscc);

    private static async Task<(ServiceProvider Services, QueueClient Queue)> AppAsync(Dictionary<string, string?> settings, TimeProvider? clock)
    {
        var connection = await Azurite.GetConnectionStringAsync();
        settings["AzureWebJobsStorage"] = connection;
        settings["NeoBay:Storage:TablePrefix"] = Azurite.UniqueName("rf");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var queue = new QueueClient(connection, Azurite.UniqueName("renewals"), StorageClients.QueueOptions());
        await queue.CreateIfNotExistsAsync();
        var services = new ServiceCollection().AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddSingleton(new DocumentOptions { Container = Azurite.UniqueName("documents") });
        services.AddSingleton<IRenewalQueue>(new QueueRenewalQueue(new QueueServiceClient(connection, StorageClients.QueueOptions()), queue.Name));
        services.AddSingleton<IEvaluationQueue>(new NullQueue());
        services.AddNeoBayFunctionApp(configuration);
        return (services.BuildServiceProvider(), queue);
    }

    private sealed class NullQueue : IEvaluationQueue
    {
        public Task EnqueueAsync(string applicationId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private static Task<string> ApproveVoucherAsync(IServiceProvider sp) =>
        ApproveAsync(sp, new EvaluationRequest("A09.4", default, new Applicant(ApplicantKind.Enterprise, SmeUscc, "中小企业", true, true), new ProjectRef("V", null),
            new Dictionary<string, FactValue>(), []), Sme);

    private static async Task<string> ApproveAsync(IServiceProvider sp, EvaluationRequest request, Caller applicant)
    {
        var submitted = (await sp.GetRequiredService<IApplicationUseCases>().SubmitAsync(applicant, request, null)).Value!;
        await sp.GetRequiredService<IEvaluationUseCase>().EvaluateAsync(submitted.Id);
        await Documents.RequiredDocumentUploads.CompleteRequiredDocumentsAsync(sp, applicant, submitted.Id);
        var reviewer = Caller.Create("reviewer-1", [Roles.Reviewer]);
        var decided = await sp.GetRequiredService<IReviewUseCases>().DecideAsync(reviewer, submitted.Id, "\"v3\"", new DecisionCommand(true, null, null));
        Assert.True(decided.IsSuccess, decided.Error?.Code);
        return decided.Value!.GrantId!;
    }

    [Fact]
    public async Task Redeem_report_then_renew_2027_through_the_functions_and_the_renewals_queue()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var (services, queue) = await AppAsync(new() { ["NeoBay:Environment"] = "Development" }, clock);
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var grantId = await ApproveVoucherAsync(sp);
        var vouchers = sp.GetRequiredService<VouchersFunctions>();
        var admin = sp.GetRequiredService<RenewalsFunctions>();
        var run = sp.GetRequiredService<RenewalRunFunctions>();

        // 50% × 1,234.57 = 617.285 → 617.28.
        var redeemed = (await vouchers.RedeemVoucher(Requests.Make("POST", """{"serviceFee": 1234.57, "provider": "检测中心", "invoiceNo": "NO-1"}""", Sme))).Api();
        Assert.Equal(201, redeemed.StatusCode);
        Assert.Equal(("617.28", "299382.72"), (redeemed.JsonBody().GetProperty("amount").GetRawText(), redeemed.JsonBody().GetProperty("quota").GetProperty("left").GetRawText()));
        (await vouchers.RedeemVoucher(Requests.Make("POST", """{"serviceFee": 10, "provider": "检测中心", "invoiceNo": "NO-1"}""", Sme))).Problem(409, "InvoiceAlreadyRedeemed");
        (await vouchers.RedeemVoucher(Requests.Make("POST", """{"serviceFee": 10.001, "provider": "x", "invoiceNo": "NO-2"}""", Sme))).Problem(400, "InvalidValue");
        var year = (await vouchers.GetVoucherYear(Requests.Make(caller: Sme), 2026)).Json();
        Assert.Equal(grantId, year.GetProperty("grantId").GetString());
        Assert.Equal(("300000.00", "617.28", "299382.72"), (year.GetProperty("quota").GetRawText(), year.GetProperty("used").GetRawText(), year.GetProperty("left").GetRawText()));

        // Fiscal 2027 has not begun on 26 November 2026.
        (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Problem(409, "FiscalYearNotBegun");
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 5, 0, TimeSpan.Zero));
        var started = (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Api();
        Assert.Equal((202, "/api/admin/renewals/2027"), (started.StatusCode, started.Headers["Location"]));

        var messages = 0;
        while ((await queue.ReceiveMessageAsync()).Value is { } message)
        {
            await run.RenewShard(message, CancellationToken.None);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            messages++;
        }

        Assert.Equal(GrantKeys.ShardCount, messages);
        var report = (await admin.GetRenewal(Requests.Make(caller: Admin), 2027)).Json();
        Assert.Equal("complete", report.GetProperty("status").GetString());
        var a094 = report.GetProperty("byMeasure").GetProperty("A09.4");
        Assert.Equal((1, "300000.00", 1, "299382.72"),
            (a094.GetProperty("quotasIssued").GetInt32(), a094.GetProperty("quotaAmount").GetRawText(), a094.GetProperty("quotasLapsed").GetInt32(), a094.GetProperty("lapsedAmount").GetRawText()));
        var lapsed = (await vouchers.GetVoucherYear(Requests.Make(caller: Sme), 2026)).Json();
        Assert.Equal(("lapsed", "0.00", "299382.72"), (lapsed.GetProperty("status").GetString(), lapsed.GetProperty("left").GetRawText(), lapsed.GetProperty("lapsed").GetRawText()));
        Assert.Equal("300000.00", (await vouchers.GetVoucherYear(Requests.Make(caller: Sme), 2027)).Json().GetProperty("left").GetRawText());

        // Resuming a complete run queues nothing and changes no figure.
        var again = (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Json();
        Assert.Equal(report.GetProperty("totals").GetRawText(), again.GetProperty("totals").GetRawText());
        Assert.Null((await queue.ReceiveMessageAsync()).Value);
    }

    [Fact]
    public async Task An_operating_year_is_issued_once_through_the_queue_after_an_interrupted_run_a_resume_and_a_rerun()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var (services, queue) = await AppAsync(new() { ["NeoBay:Environment"] = "Development" }, clock);
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var carrier = Caller.Create("carrier-1", [Roles.Applicant], SmeUscc);
        var grantId = await ApproveAsync(sp, new EvaluationRequest("A06.2", default, new Applicant(ApplicantKind.Carrier, SmeUscc, "载体", true, false), new ProjectRef("C", null),
            new Dictionary<string, FactValue> { ["constructionNeeds"] = FactValue.Of(3_000_000m), ["operatingNeeds"] = FactValue.Of(1_234_567.89m) }, []), carrier);
        var admin = sp.GetRequiredService<RenewalsFunctions>();
        var run = sp.GetRequiredService<RenewalRunFunctions>();
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 5, 0, TimeSpan.Zero)); // 2027-01-01 00:05 CST

        async Task<int> DeliverAsync(int max)
        {
            var delivered = 0;
            while (delivered < max && (await queue.ReceiveMessageAsync()).Value is { } message)
            {
                await run.RenewShard(message, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                delivered++;
            }

            return delivered;
        }

        // Interrupted: 5 of the 16 shard messages run, the other 11 are lost.
        Assert.Equal(202, (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Api().StatusCode);
        Assert.Equal(5, await DeliverAsync(5));
        await queue.ClearMessagesAsync();
        // Resumed: the shards not done are queued again; then a rerun queues nothing.
        Assert.Equal(202, (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Api().StatusCode);
        Assert.Equal(11, await DeliverAsync(int.MaxValue));
        var report = (await admin.StartRenewal(Requests.Make("POST", caller: Admin), 2027)).Json();
        Assert.Equal(0, await DeliverAsync(int.MaxValue));

        // A06.2 operating year 2 = the approved yearly operating amount, 1,234,567.89 (below the 5,000,000.00 cap), issued once.
        Assert.Equal("complete", report.GetProperty("status").GetString());
        var a062 = report.GetProperty("byMeasure").GetProperty("A06.2");
        Assert.Equal((1, "1234567.89", 0), (a062.GetProperty("issued").GetInt32(), a062.GetProperty("issuedAmount").GetRawText(), a062.GetProperty("failed").GetInt32()));
        var ledger = (await sp.GetRequiredService<IGrantStore>().GetAsync(grantId))!.Ledger;
        var year2 = Assert.Single(ledger, l => l.FiscalYear == 2027);
        Assert.Equal(("operating-2", LedgerStatus.Issued, 123_456_789L), (year2.Component, year2.Status, year2.AmountFen!.Value));
        Assert.Equal(LedgerStatus.Scheduled, Assert.Single(ledger, l => l.FiscalYear == 2028).Status);
    }

    [Theory]
    [InlineData("Development", 202)]
    [InlineData("Production", 409)]
    public async Task The_development_clock_opens_a_future_fiscal_year_outside_production_only(string environment, int status)
    {
        var settings = new Dictionary<string, string?>
        {
            ["NeoBay:Environment"] = environment,
            ["NeoBay:DevClock"] = "2040-01-01T00:10:00+08:00",
            ["NeoBay:Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        var (services, _) = await AppAsync(settings, clock: null);
        using var scope = services.CreateScope();
        var result = (await scope.ServiceProvider.GetRequiredService<RenewalsFunctions>().StartRenewal(Requests.Make("POST", caller: Admin), 2040)).Api();
        Assert.Equal(status, result.StatusCode);
    }

    [Fact]
    public async Task Claims_and_departures_answer_problems_for_bad_input()
    {
        var (services, _) = await AppAsync(new() { ["NeoBay:Environment"] = "Development" }, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));
        using var scope = services.CreateScope();
        var claims = scope.ServiceProvider.GetRequiredService<ClaimsFunctions>();
        var persons = scope.ServiceProvider.GetRequiredService<PersonsFunctions>();
        var admin = scope.ServiceProvider.GetRequiredService<RenewalsFunctions>();
        (await claims.FileClaim(Requests.Make("POST", """{"expenditure": "many"}""", Sme), "G1", 2027)).Problem(400, "InvalidValue");
        (await claims.FileClaim(Requests.Make("POST", """{"expenditure": 100}""", Sme), "G20261126030000-0000000000", 2027)).Problem(404, "NotFound");
        (await persons.RecordPersonDeparture(Requests.Make("POST", """{"leftOn": "2026-13-01", "reason": "x"}""", Sme), "G1", 1)).Problem(400, "InvalidDate");
        (await persons.RecordPersonDeparture(Requests.Make("POST", """{"leftOn": "2026-12-01", "reason": "x"}""", Sme), "G1", 0)).Problem(400, "InvalidPerson");
        (await admin.RecordZoneDeparture(Requests.Make("POST", """{"leftOn": "2026-12-01", "reason": "迁出"}""", Admin), "91330100799655058X")).Problem(400, "InvalidUscc");
        (await admin.GetRenewal(Requests.Make(caller: Admin), 2031)).Problem(404, "NotFound");
    }
}
