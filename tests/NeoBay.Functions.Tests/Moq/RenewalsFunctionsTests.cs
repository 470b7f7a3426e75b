using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class RenewalsFunctionsTests
{
    private readonly Mock<IRenewalRunUseCases> renewals = new(MockBehavior.Strict);
    private readonly Mock<IRenewalRecordsUseCases> records = new(MockBehavior.Strict);

    private RenewalsFunctions Functions() => new(renewals.Object, records.Object, NullLogger<RenewalsFunctions>.Instance);

    /// <summary>Shard 0 done with two A11.2 allowances issued (2 × 100,000.00), shard 1 on its third page.</summary>
    public static RenewalReport Report(int fiscalYear)
    {
        var done = new RenewalTally();
        done.For("A11.2").Grants = 2;
        done.For("A11.2").Issued = 2;
        done.For("A11.2").IssuedFen = 20_000_000;
        var running = new RenewalTally();
        running.For("A02.3").Grants = 1;
        var tally = new RenewalTally();
        tally.Add(done);
        tally.Add(running);
        return new RenewalReport(new RenewalRun(fiscalYear, Triggers.Instant, "admin-1"),
            [new ShardProgress(fiscalYear, 0, 1, 1, null, true, done), new ShardProgress(fiscalYear, 1, 1, 3, "t", false, running)], tally);
    }

    [Fact]
    public async Task Starting_a_run_passes_the_admin_and_year_and_answers_202_with_Location_and_the_report()
    {
        renewals.Setup(r => r.StartAsync("admin-1", 2027, It.IsAny<CancellationToken>())).ReturnsAsync(Result<RenewalReport>.Ok(Report(2027)));

        var result = (await Functions().StartRenewal(Requests.Make("POST", caller: Triggers.Admin), 2027)).Api();

        Assert.Equal((202, "/api/admin/renewals/2027"), (result.StatusCode, result.Headers["Location"]));
        var body = result.JsonBody();
        Assert.Equal((2027, "running", 1, 3), (body.GetProperty("fiscalYear").GetInt32(), body.GetProperty("status").GetString(),
            body.GetProperty("shardsDone").GetInt32(), body.GetProperty("totals").GetProperty("grants").GetInt32()));
        Assert.Equal("200000.00", body.GetProperty("byMeasure").GetProperty("A11.2").GetProperty("issuedAmount").GetRawText());
        renewals.Verify(r => r.StartAsync("admin-1", 2027, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_year_not_begun_is_409()
    {
        renewals.Setup(r => r.StartAsync("admin-1", 2099, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<RenewalReport>.Fail(new UseCaseError(ErrorKind.Conflict, "FiscalYearNotBegun", "fiscalYear", [2099, 2026])));

        (await Functions().StartRenewal(Requests.Make("POST", caller: Triggers.Admin), 2099)).Problem(409, "FiscalYearNotBegun");
    }

    [Fact]
    public async Task The_report_of_a_year_and_404_for_a_year_without_a_run()
    {
        renewals.Setup(r => r.ReportAsync(2027, It.IsAny<CancellationToken>())).ReturnsAsync(Report(2027));
        renewals.Setup(r => r.ReportAsync(2026, It.IsAny<CancellationToken>())).ReturnsAsync((RenewalReport?)null);

        var body = (await Functions().GetRenewal(Requests.Make(caller: Requests.Reviewer), 2027)).Json();
        Assert.Equal([true, false], body.GetProperty("shardProgress").EnumerateArray().Select(s => s.GetProperty("done").GetBoolean()));
        (await Functions().GetRenewal(Requests.Make(caller: Requests.Reviewer), 2026)).Problem(404, "NotFound");
    }

    [Fact]
    public async Task A_zone_departure_passes_the_holder_and_date()
    {
        records.Setup(r => r.RecordZoneDepartureAsync(Triggers.Admin, Requests.UsccA, new DateOnly(2026, 6, 30), "迁出", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ZoneDeparture>.Ok(new ZoneDeparture(Requests.UsccA, new DateOnly(2026, 6, 30), "迁出", "admin-1", Triggers.Instant)));

        var body = (await Functions().RecordZoneDeparture(Requests.Make("POST", """{"leftOn": "2026-06-30", "reason": "迁出"}""", Triggers.Admin), Requests.UsccA)).Json();

        Assert.Equal((Requests.UsccA, "2026-06-30"), (body.GetProperty("subject").GetString(), body.GetProperty("leftOn").GetString()));
        Assert.False(body.TryGetProperty("person", out _));
        (await Functions().RecordZoneDeparture(Requests.Make("POST", """{"reason": "迁出"}""", Triggers.Admin), Requests.UsccA)).Problem(400, "InvalidDate");
        records.Verify(r => r.RecordZoneDepartureAsync(It.IsAny<NeoBay.Grants.Common.Caller>(), It.IsAny<string>(), It.IsAny<DateOnly>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
