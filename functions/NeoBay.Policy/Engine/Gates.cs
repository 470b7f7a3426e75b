namespace NeoBay.Policy.Engine;

/// <summary>The gates, all reasons collected: common.1 validity, common.2 zone, USCC, applicant kind, required facts and recognitions (common.15), project key (common.13).</summary>
internal sealed partial class Evaluation
{
    private void CheckGates()
    {
        var policy = Catalog.Policy;
        var on = Request.SubmittedOn;
        var inWindow = on >= policy.ValidFrom && on <= policy.ValidTo;
        if (Tracing)
            Step("validity", "common.1", inWindow ? TraceDetails.InsideWindow : TraceDetails.OutsideWindow, policy.ValidityCitation,
                F("submittedOn", on.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), // yyyy-MM-dd
                F("validFrom", policy.ValidFromText), F("validTo", policy.ValidToText));
        if (!inWindow) Block(Reasons.PolicyExpired(policy.ValidFrom, policy.ValidTo));

        var applicant = Request.Applicant;
        if (Tracing) Step("zone", "common.2", applicant.InZone ? TraceDetails.InZone : TraceDetails.OutsideZone, F("inZone", applicant.InZone ? "true" : "false"));
        if (!applicant.InZone) Block(Reasons.OutsideZone);

        if (!Uscc.IsValid(applicant.Uscc)) Block(Reasons.InvalidUscc);

        var allowed = Measure.ApplicantKinds.Contains(applicant.Kind);
        var kindName = Json.Camel(applicant.Kind);
        if (Tracing) Step("applicantKind", Code, allowed ? TraceDetails.KindAllowed : TraceDetails.KindNotAllowed, Measure.ApplicantKindsCitation, F("kind", kindName));
        if (!allowed) Block(Reasons.ApplicantKindNotAllowed(kindName));

        CheckRequiredFacts();

        // common.13: never evaluated with the duplicate checks skipped.
        if (Measure.ProjectKey == ProjectKeyRule.Required && string.IsNullOrWhiteSpace(ProjectKey)) Block(Reasons.MissingProjectKey);
    }

    /// <summary>Each required fact present with a value of its type; flags and choices with the value required (recognitions, common.15).</summary>
    private void CheckRequiredFacts()
    {
        var requiredFacts = Measure.RequiredFacts;
        for (var i = 0; i < requiredFacts.Count; i++) // an index loop: foreach on the interface allocates an enumerator per quote
        {
            var required = requiredFacts[i];
            var def = Catalog.Facts[required.Fact];
            if (!Request.Facts.TryGetValue(required.Fact, out var value) || !HasValueOfType(value, def.Type))
            {
                if (!required.Optional) Block(Reasons.MissingFact(def));
                continue;
            }
            switch (def.Type)
            {
                case FactType.Money:
                    if (!Money.TryYuanToFen(value.Number!.Value, out var fen)) Block(Reasons.InvalidFact(def));
                    else if (fen <= 0 && !required.Optional) Block(Reasons.NonPositiveFact(def));
                    break;
                case FactType.Flag:
                    if (required.EqualsValue is not null && (value.Flag!.Value ? "true" : "false") != required.EqualsValue)
                        Block(Reasons.RequiredFlagNotSet(def, required.EqualsValue));
                    break;
                case FactType.Choice:
                    if (required.EqualsValue is not null && value.Text != required.EqualsValue)
                        Block(Reasons.RequiredFlagNotSet(def, required.EqualsValue));
                    break;
                case FactType.Persons:
                    if (value.Persons!.Count == 0 && !required.Optional) Block(Reasons.MissingFact(def));
                    break;
            }
        }
        if (Tracing && requiredFacts.Count > 0) TraceRequiredFacts();
    }

    /// <summary>The measure's conditions as checked: each required fact with its value (flags, choices), "given" or "missing".</summary>
    private void TraceRequiredFacts()
    {
        var facts = Measure.RequiredFacts;
        var figures = new KeyValuePair<string, string>[facts.Count];
        for (var i = 0; i < facts.Count; i++)
        {
            var name = facts[i].Fact;
            var text = !Request.Facts.TryGetValue(name, out var v) ? (facts[i].Optional ? "not given" : "missing")
                : v.Flag is { } flag ? (flag ? "true" : "false")
                : v.Text ?? "given";
            figures[i] = F(name, text);
        }
        Step("requiredFacts", Code, TraceDetails.RequiredFacts, figures);
    }

    private static bool HasValueOfType(FactValue value, FactType type) => type switch
    {
        FactType.Money => value.Number is not null,
        FactType.Year => value.Number is not null,
        FactType.Flag => value.Flag is not null,
        FactType.Choice => value.Text is not null,
        FactType.Persons => value.Persons is not null,
        _ => false,
    };
}
