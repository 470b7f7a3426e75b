using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;

namespace NeoBay.LocalHost;

/// <summary>What a newcomer needs after start: the base URL, a bearer token per role and a curl example.</summary>
internal static class StartupGuide
{
    /// <summary>A valid USCC (GB 32100-2015 check digit) for the sample applicant.</summary>
    public const string SampleUscc = "91330100799655058B";

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    public static IEnumerable<string> Lines(WebApplication app)
    {
        var baseUrl = (app.Urls.FirstOrDefault() ?? "http://localhost:7071").TrimEnd('/');
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        yield return string.Empty;
        yield return $"API: {baseUrl}/api   e.g.  curl {baseUrl}/api/measures";
        var key = configuration["NeoBay:Auth:SigningKey"];
        if (!string.IsNullOrWhiteSpace(key) && !DevelopmentTokens.IsDevelopmentKey(key))
        {
            yield return "Tokens: NeoBay:Auth:SigningKey is not the development key, so no tokens are printed; mint them with `neobay token`.";
            yield break;
        }

        // Token times are real time, even when NeoBay:DevClock shifts the app's clock.
        var clock = app.Services.GetService<TokenClock>()?.Time ?? TimeProvider.System;
        var tokens = new (string Role, string Token)[]
        {
            (Roles.Applicant, DevelopmentTokens.Mint(Roles.Applicant, SampleUscc, null, TokenLifetime, clock)),
            (Roles.Reviewer, DevelopmentTokens.Mint(Roles.Reviewer, null, null, TokenLifetime, clock)),
            (Roles.Admin, DevelopmentTokens.Mint(Roles.Admin, null, null, TokenLifetime, clock)),
            (Roles.Integrator, DevelopmentTokens.Mint(Roles.Integrator, null, [SampleUscc], TokenLifetime, clock)),
        };
        yield return $"Bearer tokens (development key, {TokenLifetime.TotalHours:0} h; applicant and integrator act for USCC {SampleUscc}):";
        foreach (var (role, token) in tokens)
        {
            yield return $"  export NEOBAY_{role.ToUpperInvariant()}={token}";
        }

        yield return "Submit an application as the applicant, then read it (status goes submitted -> eligible/ineligible):";
        yield return $"  curl -i -X POST {baseUrl}/api/applications -H \"Authorization: Bearer $NEOBAY_APPLICANT\" \\";
        yield return "       -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' \\";
        yield return $"       -d '{{\"measure\":\"A02.1\",\"applicant\":{{\"kind\":\"enterprise\",\"uscc\":\"{SampleUscc}\",\"name\":\"Demo Co\",\"inZone\":true,\"isSme\":false}},\"project\":{{\"key\":\"P-1\",\"name\":\"Demo\"}},\"facts\":{{\"totalInvestment\":12000000,\"nationalApproval\":true}}}}'";
        yield return $"  curl {baseUrl}/api/applications/<id from Location> -H \"Authorization: Bearer $NEOBAY_APPLICANT\"";
    }
}
