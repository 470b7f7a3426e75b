using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NeoBay.Contracts.Offers;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Common;
using NeoBay.Grants.Offers;
using NeoBay.Policy;

namespace NeoBay.Functions.Http.Offers;

/// <summary>
/// 免申即享 (issue 15, step 3): an integrator's trusted facts (<c>PUT /api/integrations/facts/{uscc}</c>) and the applicant's
/// offers (<c>GET /api/me/offers</c>, accept, decline). Thin: parse, call one use case, map the result.
/// </summary>
public sealed class OffersFunctions(ITrustedFactsUseCase trustedFacts, IOfferUseCases offers, PolicyCatalog catalog, TimeProvider clock, ILogger<OffersFunctions> logger)
{
    [Function(nameof(PutIntegrationFacts))]
    [RequireRoles(Roles.Integrator)]
    public async Task<IActionResult> PutIntegrationFacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "integrations/facts/{uscc}")] HttpRequest req, string uscc)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        if (!Uscc.IsValid(uscc)) return Problems.Create(StatusCodes.Status400BadRequest, "InvalidUscc.Short", req, "uscc");
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Application);
        if (problem is not null) return problem;
        using var _ = document;
        var (update, error) = OffersJson.ReadFactsUpdate(document!.RootElement, uscc, catalog, ChinaCalendar.Today(clock));
        if (error is not null) return Problems.From(error, req);

        var result = await trustedFacts.PutAsync(caller, uscc, update!, req.Headers.IfMatch.ToString(), req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var (set, refresh) = result.Value;
        logger.LogInformation("Trusted facts of {Uscc} v{Version} from {Source} by {Caller}: offers created {Created}, updated {Updated}, withdrawn {Withdrawn}, reopened {Reopened}",
            uscc, set.Version, update!.Source, caller.LogLabel, refresh.Created, refresh.Updated, refresh.Withdrawn, refresh.Reopened);
        return ApiResult.Of(StatusCodes.Status200OK, w => JsonSerializer.Serialize(w, OffersJson.ToView(set, refresh), OffersJsonContext.Default.TrustedFactsView))
            .WithHeader("ETag", set.HttpETag);
    }

    [Function(nameof(ListMyOffers))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> ListMyOffers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/offers")] HttpRequest req)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var result = await offers.ListAsync(caller, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var view = new OffersView([.. result.Value!.Select(o => OffersJson.ToView(o, catalog))]);
        return ApiResult.Of(StatusCodes.Status200OK, w => JsonSerializer.Serialize(w, view, OffersJsonContext.Default.OffersView));
    }

    [Function(nameof(AcceptOffer))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> AcceptOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/offers/{id}/accept")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Small, allowEmpty: true);
        if (problem is not null) return problem;
        using var _ = document;
        // The facts are the trusted sources': a body that tries to give facts is refused (OfferFactsFixed).
        var factsGiven = document?.RootElement is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("facts", out var __);
        var result = await offers.AcceptAsync(caller, id, req.Headers.IfMatch.ToString(), factsGiven, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var (offer, application) = result.Value;
        logger.LogInformation("Offer {Offer} ({Measure}) accepted by {Caller}: application {Application} (made before: {Replayed})",
            offer.Id, offer.Measure, caller.LogLabel, application.Id, application.Replayed);
        var view = new OfferAcceptedView(OffersJson.ToView(offer, catalog), application.Id, application.Status.ToWire());
        return ApiResult.Of(StatusCodes.Status202Accepted, w => JsonSerializer.Serialize(w, view, OffersJsonContext.Default.OfferAcceptedView))
            .WithHeader("Location", $"/api/applications/{application.Id}")
            .WithHeader("ETag", offer.HttpETag);
    }

    [Function(nameof(DeclineOffer))]
    [RequireRoles(Roles.Applicant)]
    public async Task<IActionResult> DeclineOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/offers/{id}/decline")] HttpRequest req, string id)
    {
        if (req.GetCaller() is not { } caller) return ApplicationsFunctions.Unauthenticated(req);
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Small, allowEmpty: true);
        if (problem is not null) return problem;
        using var _ = document;
        // Read leniently, as ever: an absent or non-object body and unknown members decline without a reason.
        string? reason = null;
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } json)
        {
            var (body, bodyProblem) = ContractBody.Read(json, OffersJsonContext.Default.OfferDeclineRequest, RequestFields.OfferDecline, req, refuseUnknown: false);
            if (bodyProblem is not null) return bodyProblem;
            reason = string.IsNullOrWhiteSpace(body!.Reason) ? null : body.Reason.Trim();
        }
        var result = await offers.DeclineAsync(caller, id, req.Headers.IfMatch.ToString(), reason, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var view = OffersJson.ToView(result.Value!, catalog);
        return ApiResult.Of(StatusCodes.Status200OK, w => JsonSerializer.Serialize(w, view, OffersJsonContext.Default.OfferView))
            .WithHeader("ETag", result.Value!.HttpETag);
    }
}
