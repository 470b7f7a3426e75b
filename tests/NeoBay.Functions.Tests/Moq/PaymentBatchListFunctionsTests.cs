using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Http.Payments;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Payments;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PaymentBatchListFunctionsTests
{
    private readonly Mock<IPaymentBatchListUseCase> batches = new(MockBehavior.Strict);

    private PaymentBatchListFunctions Functions() => new(batches.Object);

    private static Microsoft.AspNetCore.Http.HttpRequest Query(string query) => Triggers.Query(Triggers.Admin, query);

    [Fact]
    public async Task The_filters_and_page_reach_the_use_case_and_the_batches_come_back_in_yuan()
    {
        var batch = new PaymentBatch("B1", "20261126", 2026, "A02.1", "sealed", 1, Triggers.Instant) { PayeeCount = 2, LineCount = 3, TotalFen = 240_000_001 };
        batches.Setup(b => b.ListAsync(new BatchListQuery("sealed", 2026), "tok", 5, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ListPage<PaymentBatch>>.Ok(new ListPage<PaymentBatch>([batch], "next")));

        var body = (await Functions().ListPaymentBatches(Query("?status=sealed&fiscalYear=2026&take=5&continuationToken=tok"))).Json();

        var item = body.GetProperty("items")[0];
        Assert.Equal(("B1", "2400000.01", 2, 3), (item.GetProperty("id").GetString(), item.GetProperty("total").GetRawText(), item.GetProperty("payees").GetInt32(), item.GetProperty("lines").GetInt32()));
        Assert.Equal("next", body.GetProperty("continuationToken").GetString());
    }

    [Theory]
    [InlineData("?take=x", "InvalidPageSize")]
    [InlineData("?fiscalYear=20x6", "InvalidValue")]
    public async Task A_bad_query_is_400_before_the_use_case(string query, string code)
    {
        (await Functions().ListPaymentBatches(Query(query))).Problem(400, code);
        batches.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_unknown_status_refused_by_the_use_case_is_400()
    {
        batches.Setup(b => b.ListAsync(new BatchListQuery("lost", null), null, ApplicationsFunctions.DefaultPageSize, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<ListPage<PaymentBatch>>.Fail(new UseCaseError(ErrorKind.Validation, "InvalidValue.BatchStatus", "status")));

        var problem = (await Functions().ListPaymentBatches(Query("?status=lost"))).Problem(400, "InvalidValue");
        Assert.Equal("status", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
