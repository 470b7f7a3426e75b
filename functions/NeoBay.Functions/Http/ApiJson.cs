using System.Globalization;
using System.Text.Json;
using NeoBay.Grants.Deadlines;
using NeoBay.Grants.Domain;
using NeoBay.Grants.UseCases;
using NeoBay.Policy;

namespace NeoBay.Functions.Http;

/// <summary>The API's response shapes (docs/api.md). Money is yuan with two decimals at this edge only.</summary>
public static class ApiJson
{
    public static void WriteApplication(Utf8JsonWriter w, ApplicationRecord a, bool english, ServiceDeadline? deadline)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("measure", a.Measure);
        w.WriteString("status", a.Status.ToWire());
        w.WritePropertyName("decision");
        if (a.Decision is null) w.WriteNullValue();
        else QuoteJson.WriteDecision(w, a.Decision, english);
        WriteNullableString(w, "grantId", a.GrantId);
        w.WriteString("applicantUscc", a.ApplicantUscc);
        WriteNullableString(w, "projectKey", a.ProjectKey);
        w.WriteString("submittedOn", a.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteAmount(w, "approvedAmount", a.ApprovedAmountFen);
        WriteNullableString(w, "reason", a.DecisionReason);
        WriteDeadline(w, deadline);
        w.WriteString("etag", a.HttpETag);
        w.WriteEndObject();
    }

    /// <summary>The page's entries; <paramref name="deadlines"/> holds each entry's service deadline, in the same order.</summary>
    public static void WriteSummaries(Utf8JsonWriter w, ListPage<ApplicationSummary> page, IReadOnlyList<ServiceDeadline?> deadlines)
    {
        w.WriteStartObject();
        w.WriteStartArray("items");
        foreach (var (s, deadline) in page.Items.Zip(deadlines))
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            w.WriteString("measure", s.Measure);
            w.WriteString("status", s.Status.ToWire());
            w.WriteString("applicantUscc", s.ApplicantUscc);
            w.WriteString("submittedAt", s.SubmittedAt);
            WriteDeadline(w, deadline);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteNullableString(w, "continuationToken", page.ContinuationToken);
        w.WriteEndObject();
    }

    public static void WriteGrant(Utf8JsonWriter w, GrantView view)
    {
        var g = view.Grant;
        w.WriteStartObject();
        w.WriteString("id", g.Id);
        w.WriteString("applicationId", g.ApplicationId);
        w.WriteString("measure", g.Measure);
        WriteAmount(w, "amount", g.AmountFen);
        w.WriteString("applicantUscc", g.ApplicantUscc);
        w.WriteNumber("fiscalYear", g.FiscalYear);
        w.WriteString("status", g.Status);
        w.WriteString("approvedAt", g.ApprovedAt);
        w.WriteStartArray("ledger");
        foreach (var l in view.Ledger)
        {
            w.WriteStartObject();
            w.WriteNumber("fiscalYear", l.FiscalYear);
            w.WriteString("component", l.Component);
            w.WriteString("trigger", l.Trigger.ToWire());
            WriteAmount(w, "amount", l.AmountFen);
            w.WriteString("status", l.Status.ToWire());
            if (l.Stage is { } stage) w.WriteNumber("stage", stage);
            w.WriteBoolean("isGrant", l.IsGrant);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>dueBy</c> (CST date) and <c>workingDaysLeft</c>; both null while the application is not complete.</summary>
    public static void WriteDeadline(Utf8JsonWriter w, ServiceDeadline? deadline)
    {
        if (deadline is null) w.WriteNull("dueBy");
        else w.WriteString("dueBy", deadline.DueBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (deadline?.WorkingDaysLeft is { } left) w.WriteNumber("workingDaysLeft", left);
        else w.WriteNull("workingDaysLeft");
    }

    public static void WriteAmount(Utf8JsonWriter w, string name, long? fen)
    {
        if (fen is { } value) w.WriteNumber(name, Money.ToYuan(value));
        else w.WriteNull(name);
    }

    public static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
