using System.Text.Json;

namespace NeoBay.Grants.Evaluation;

/// <summary>The evaluation message: <c>{"applicationId":"…"}</c>.</summary>
public static class EvaluationMessage
{
    public static string Write(string applicationId) => JsonSerializer.Serialize(new { applicationId });

    /// <summary>The application id, or null when the message is not ours.</summary>
    public static string? Read(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("applicationId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
