using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NeoBay.Functions.Auth;
using NeoBay.Grants.Matching;
using NeoBay.Policy;
using NeoBay.Policy.Matching;
using System.Text.Json;
using NeoBay.Contracts.Matching;
using NeoBay.Contracts.Quotes;

namespace NeoBay.Functions.Http.Matching;

/// <summary><c>POST /api/match</c>: what a profile could get from every measure in force. Anonymous or signed in; nothing stored.</summary>
public sealed class MatchFunctions(IMatchUseCase matching, PolicyCatalog catalog, TimeProvider clock, PersonIdentity? personIdentity = null)
{
    [Function(nameof(Match))]
    [AllowAnonymous(ReadsCaller = true)]
    public async Task<IActionResult> Match([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "match")] HttpRequest req)
    {
        var (document, problem) = await RequestBody.ReadJsonAsync(req, BodySize.Application);
        if (problem is not null) return problem;
        using var _ = document;
        var caller = req.GetCaller();
        // Signed in, the history is the applicant's own grants: a declared one is refused, as in an application.
        var options = QuoteParseOptions.Match with { AllowHistory = caller is null, Identity = personIdentity ?? PersonIdentity.Ephemeral };
        var parsed = QuoteJson.Parse(document!.RootElement, ChinaCalendar.Today(clock), catalog, options);
        if (parsed.Error is { } error) return Problems.From(error, req);

        var result = await matching.MatchAsync(caller, parsed.Request!, parsed.History, req.HttpContext.RequestAborted);
        if (!result.IsSuccess) return Problems.From(result.Error!, req);
        var english = Problems.IsEnglish(req);
        var answer = result.Value!.ToResponse(english);
        return ApiResult.Of(StatusCodes.Status200OK, w => JsonSerializer.Serialize(w, answer, MatchJsonContext.Default.MatchResponse));
    }
}
