using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NeoBay.Contracts.Applications;
using NeoBay.Contracts.Documents;
using NeoBay.Contracts.Identity;
using NeoBay.Contracts.Offers;
using NeoBay.Contracts.Renewals;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;

namespace NeoBay.Functions.Tests.Contracts;

/// <summary>The command bodies read into their contract records (source-generated), and each record's field table matches it.</summary>
public sealed class RequestContractTests
{
    private static T Read<T>(string json, JsonTypeInfo<T> type, IReadOnlyList<BodyField<T>> fields) where T : class
    {
        using var document = JsonDocument.Parse(json);
        var (value, problem) = ContractBody.Read(document.RootElement, type, fields, Requests.Make("POST"));
        Assert.Null(problem);
        return value!;
    }

    [Fact]
    public void A_decision_reads_approve_amount_in_yuan_and_reason()
    {
        var decision = Read("""{"approve": true, "amount": 2000000.50, "reason": "预算"}""", ApplicationsJsonContext.Default.DecisionRequest, RequestFields.Decision);

        Assert.Equal(new DecisionRequest(true, 2_000_000.50m, "预算"), decision);
        Assert.Equal(200_000_050L, ContractBody.Fen(decision.Amount));
        Assert.Equal(new DecisionRequest(false, null, null), Read("""{"approve": false, "amount": null}""", ApplicationsJsonContext.Default.DecisionRequest, RequestFields.Decision));
        // A repeated member: the last one counts, as it did for the field readers (JsonElement.TryGetProperty).
        Assert.Equal(new DecisionRequest(true, null, "x"),
            Read("""{"approve": "no", "approve": true, "reason": 5, "reason": "x"}""", ApplicationsJsonContext.Default.DecisionRequest, RequestFields.Decision));
    }

    [Fact]
    public void A_withdrawal_and_a_binding_decision_read_their_reason()
    {
        Assert.Equal(new WithdrawRequest("改期"), Read("""{"reason": "改期"}""", ApplicationsJsonContext.Default.WithdrawRequest, RequestFields.Withdrawal));
        Assert.Equal(new WithdrawRequest(null), Read("{}", ApplicationsJsonContext.Default.WithdrawRequest, RequestFields.Withdrawal));
        Assert.Equal(new BindingDecisionRequest(false, "材料不符"),
            Read("""{"approve": false, "reason": "材料不符"}""", IdentityRequestsJsonContext.Default.BindingDecisionRequest, RequestFields.BindingDecision));
    }

    [Fact]
    public void The_identity_bodies_read_their_texts()
    {
        Assert.Equal(new BindingRequestBody("91330100799655058B", "张三", "agent"),
            Read("""{"uscc": "91330100799655058B", "name": "张三", "role": "agent"}""", IdentityRequestsJsonContext.Default.BindingRequestBody, RequestFields.BindingRequest));
        Assert.Equal(new IntegratorRequest("erp-1"), Read("""{"clientId": "erp-1"}""", IdentityRequestsJsonContext.Default.IntegratorRequest, RequestFields.Integrator));
        Assert.Equal(new WeChatSignInRequest("dev:alice", null), Read("""{"code": "dev:alice"}""", IdentityRequestsJsonContext.Default.WeChatSignInRequest, RequestFields.WeChatSignIn));
    }

    [Fact]
    public void An_upload_ticket_request_reads_its_four_members()
    {
        Assert.Equal(new UploadTicketRequest("nationalApproval", "批文.pdf", "application/pdf", 10_485_760),
            Read("""{"category": "nationalApproval", "fileName": "批文.pdf", "contentType": "application/pdf", "size": 10485760}""",
                DocumentsJsonContext.Default.UploadTicketRequest, RequestFields.UploadTicket));
    }

    [Fact]
    public void Departures_claims_and_redemptions_read_dates_and_yuan()
    {
        Assert.Equal(new DepartureRequest(new DateOnly(2026, 6, 30), "迁出"),
            Read("""{"leftOn": "2026-06-30", "reason": "迁出"}""", RenewalsJsonContext.Default.DepartureRequest, RequestFields.Departure));
        var claim = Read("""{"expenditure": 1234567.89}""", RenewalsJsonContext.Default.ClaimRequest, RequestFields.Claim);
        Assert.Equal(123_456_789L, ContractBody.Fen(claim.Expenditure));
        Assert.Equal(new RedemptionRequest(8000m, "某检测中心", "INV-1", null, "91330100799655058B"),
            Read("""{"serviceFee": 8000, "provider": "某检测中心", "invoiceNo": "INV-1", "uscc": "91330100799655058B"}""",
                RenewalsJsonContext.Default.RedemptionRequest, RequestFields.Redemption));
    }

    [Fact]
    public void An_offer_decline_ignores_members_it_does_not_have()
    {
        using var document = JsonDocument.Parse("""{"reason": "不需要", "why": 1}""");
        var (value, problem) = ContractBody.Read(document.RootElement, OffersJsonContext.Default.OfferDeclineRequest, RequestFields.OfferDecline, Requests.Make("POST"),
            refuseUnknown: false);
        Assert.Null(problem);
        Assert.Equal(new OfferDeclineRequest("不需要"), value);
    }

    public static TheoryData<string, string[], string[]> Tables() => new()
    {
        { nameof(DecisionRequest), Names(ApplicationsJsonContext.Default.DecisionRequest), [.. RequestFields.Decision.Select(f => f.Name)] },
        { nameof(WithdrawRequest), Names(ApplicationsJsonContext.Default.WithdrawRequest), [.. RequestFields.Withdrawal.Select(f => f.Name)] },
        { nameof(BindingDecisionRequest), Names(IdentityRequestsJsonContext.Default.BindingDecisionRequest), [.. RequestFields.BindingDecision.Select(f => f.Name)] },
        { nameof(BindingRequestBody), Names(IdentityRequestsJsonContext.Default.BindingRequestBody), [.. RequestFields.BindingRequest.Select(f => f.Name)] },
        { nameof(IntegratorRequest), Names(IdentityRequestsJsonContext.Default.IntegratorRequest), [.. RequestFields.Integrator.Select(f => f.Name)] },
        { nameof(WeChatSignInRequest), Names(IdentityRequestsJsonContext.Default.WeChatSignInRequest), [.. RequestFields.WeChatSignIn.Select(f => f.Name)] },
        { nameof(UploadTicketRequest), Names(DocumentsJsonContext.Default.UploadTicketRequest), [.. RequestFields.UploadTicket.Select(f => f.Name)] },
        { nameof(DepartureRequest), Names(RenewalsJsonContext.Default.DepartureRequest), [.. RequestFields.Departure.Select(f => f.Name)] },
        { nameof(ClaimRequest), Names(RenewalsJsonContext.Default.ClaimRequest), [.. RequestFields.Claim.Select(f => f.Name)] },
        { nameof(RedemptionRequest), Names(RenewalsJsonContext.Default.RedemptionRequest), [.. RequestFields.Redemption.Select(f => f.Name)] },
        { nameof(OfferDeclineRequest), Names(OffersJsonContext.Default.OfferDeclineRequest), [.. RequestFields.OfferDecline.Select(f => f.Name)] },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Each_field_table_names_its_record_members_in_order(string record, string[] members, string[] table)
    {
        Assert.True(members.SequenceEqual(table), $"{record}: [{string.Join(", ", members)}] vs [{string.Join(", ", table)}]");
    }

    private static string[] Names(JsonTypeInfo type) => [.. type.Properties.Select(p => p.Name)];
}
