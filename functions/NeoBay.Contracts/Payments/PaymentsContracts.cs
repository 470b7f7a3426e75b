using System.Text.Json.Serialization;

namespace NeoBay.Contracts.Payments;

public sealed record ProofRef(string? ApplicationId, string? DocumentId);

/// <summary><c>PUT /payees/{uscc}/account</c>.</summary>
public sealed record PayeeRequest(string? AccountName, string? Bank, string? Branch, string? AccountNumber, string? Cnaps, ProofRef? Proof);

/// <summary><c>POST /payees/{uscc}/account/verification</c>.</summary>
public sealed record VerificationRequest(bool? Approve, string? Reason);

/// <summary>A payee account as every caller sees it: the number masked.</summary>
public sealed record PayeeView(string Uscc, string AccountName, string Bank, string Branch, string AccountNumber, string Cnaps, ProofRef Proof, string Status,
    int Version, DateTimeOffset SubmittedAt, DateTimeOffset? VerifiedAt, string? Reason, string Etag);

public sealed record BatchView(string Id, int FiscalYear, string FundingLine, string Status, int Payees, int Lines, decimal Total, string? FileSha256);

public sealed record RunView(string RunId, string Status, DateTimeOffset StartedAt, IReadOnlyList<BatchView> Batches);

public sealed record BatchRowView(int Row, string Uscc, string AccountName, string Bank, string Branch, string AccountNumber, string Cnaps, decimal Amount, int Lines,
    string? Result, string? PaidOn, string? Reason);

public sealed record BatchDetailView(BatchView Batch, IReadOnlyList<BatchRowView> Rows);

/// <summary>One row of <c>POST …/results</c>: <c>{row, amount, result: paid|returned, paidOn?, reason?}</c>.</summary>
public sealed record ResultRowRequest(int? Row, decimal? Amount, string? Result, string? PaidOn, string? Reason);

public sealed record ResultsRequest(IReadOnlyList<ResultRowRequest>? Results);

public sealed record ImportView(BatchView Batch, int PaidRows, decimal Paid, int ReturnedRows, decimal Returned, int PendingRows, bool Changed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PayeeRequest))]
[JsonSerializable(typeof(VerificationRequest))]
[JsonSerializable(typeof(PayeeView))]
[JsonSerializable(typeof(RunView))]
[JsonSerializable(typeof(BatchDetailView))]
[JsonSerializable(typeof(ResultsRequest))]
[JsonSerializable(typeof(ImportView))]
public sealed partial class PaymentsJsonContext : JsonSerializerContext;
