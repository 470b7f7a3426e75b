using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using NeoBay.Contracts.Matching;

namespace NeoBay.Contracts.Offers;

/// <summary>A fact as stated by a trusted source; <c>value</c> is a number (yuan, year), a flag or a text (choice).</summary>
public sealed record TrustedFactView(string Name, JsonElement Value, string Source, DateTimeOffset At);

public sealed record TrustedApplicantView(string Kind, string? Name, bool InZone, bool IsSme, string Source, DateTimeOffset At);

public sealed record TrustedProjectView(string Key, string? Name, IReadOnlyList<TrustedFactView> Facts);

public sealed record OfferRefreshView(int Created, int Updated, int Withdrawn, int Reopened);

/// <summary><c>PUT /api/integrations/facts/{uscc}</c>'s answer: the applicant's trusted facts and what the refresh of its offers did.</summary>
public sealed record TrustedFactsView(string Uscc, int Version, TrustedApplicantView? Applicant, IReadOnlyList<TrustedFactView> Facts,
    IReadOnlyList<TrustedProjectView> Projects, OfferRefreshView Offers, string Etag);

/// <summary>A fact of an offer: the value the application will carry and the source that stated it (null: the engine's default claim year).</summary>
public sealed record OfferFactView(string Name, Bilingual Label, JsonElement Value, string? Source);

/// <summary>One offer of <c>GET /api/me/offers</c>; <c>amount</c> in yuan.</summary>
public sealed record OfferView(string Id, string Measure, Bilingual Title, string Status, decimal Amount, string? Tier, string? ProjectKey, string? ProjectName,
    string Unit, string? ApplicantSource, IReadOnlyList<OfferFactView> Facts, string? ApplicationId, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Etag);

public sealed record OffersView(IReadOnlyList<OfferView> Items);

/// <summary><c>POST /api/me/offers/{id}/accept</c>: the offer (accepted) and the application it made.</summary>
public sealed record OfferAcceptedView(OfferView Offer, string ApplicationId, string ApplicationStatus);

/// <summary>Body of <c>POST /api/me/offers/{id}/decline</c> (may be absent).</summary>
public sealed record OfferDeclineRequest(string? Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TrustedFactsView))]
[JsonSerializable(typeof(OffersView))]
[JsonSerializable(typeof(OfferView))]
[JsonSerializable(typeof(OfferAcceptedView))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(OfferDeclineRequest))]
public sealed partial class OffersJsonContext : JsonSerializerContext;
