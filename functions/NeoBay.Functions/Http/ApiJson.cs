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
        WriteRequest(w, a.Request);
        w.WriteString("submittedOn", a.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteAmount(w, "approvedAmount", a.ApprovedAmountFen);
        WriteNullableString(w, "reason", a.DecisionReason);
        WriteDeadline(w, deadline);
        // 免申即享: an accepted offer's application (its facts from trusted sources) or the applicant's own.
        w.WriteString("source", a.Source ?? NeoBay.Grants.Offers.ApplicationSources.Application);
        WriteNullableString(w, "offerId", a.OfferId);
        w.WriteString("etag", a.HttpETag);
        w.WriteEndObject();
    }

    /// <summary>The page's entries; <paramref name="deadlines"/> holds each entry's service deadline, in the same order.</summary>
    public static void WriteSummaries(Utf8JsonWriter w, ListPage<ApplicationSummary> page, IReadOnlyList<ServiceDeadline?> deadlines,
        IReadOnlyDictionary<ApplicationStatus, int>? counts = null)
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
        if (counts is not null)
        {
            w.WriteStartObject("counts");
            foreach (var (status, n) in counts.OrderBy(c => c.Key)) w.WriteNumber(status.ToWire(), n);
            w.WriteEndObject();
        }

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
        w.WriteString("etag", ETags.ForVersion(g.Version));
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
            if (l.PaidOn is { } paidOn) w.WriteString("paidOn", paidOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (l.ReturnReason is { } returned) w.WriteString("returnReason", returned);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// What was applied for: <c>applicant</c>, <c>project</c>, <c>facts</c> (persons as their categories only: no names or
    /// identity numbers leave the store this way) and <c>otherSupport</c>.
    /// </summary>
    public static void WriteRequest(Utf8JsonWriter w, EvaluationRequest r)
    {
        w.WriteStartObject("applicant");
        w.WriteString("kind", char.ToLowerInvariant(r.Applicant.Kind.ToString()[0]) + r.Applicant.Kind.ToString()[1..]);
        w.WriteString("uscc", r.Applicant.Uscc);
        WriteNullableString(w, "name", r.Applicant.Name);
        w.WriteBoolean("inZone", r.Applicant.InZone);
        w.WriteBoolean("isSme", r.Applicant.IsSme);
        w.WriteEndObject();
        w.WritePropertyName("project");
        if (r.Project is null) w.WriteNullValue();
        else
        {
            w.WriteStartObject();
            w.WriteString("key", r.Project.Key);
            WriteNullableString(w, "name", r.Project.Name);
            w.WriteEndObject();
        }

        w.WriteStartObject("facts");
        foreach (var (name, value) in r.Facts)
        {
            if (value.Number is { } number) w.WriteNumber(name, number);
            else if (value.Flag is { } flag) w.WriteBoolean(name, flag);
            else if (value.Text is { } text) w.WriteString(name, text);
            else if (value.Persons is { } persons)
            {
                w.WriteStartArray(name);
                foreach (var p in persons) w.WriteStringValue(p.Category);
                w.WriteEndArray();
            }
            else w.WriteNull(name);
        }

        w.WriteEndObject();
        w.WriteStartArray("otherSupport");
        foreach (var o in r.OtherSupport)
        {
            w.WriteStartObject();
            w.WriteString("policy", o.Policy);
            WriteAmount(w, "amount", o.AmountFen);
            w.WriteEndObject();
        }

        w.WriteEndArray();
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
