using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Consent;

/// <summary>
/// Evaluates a patient's FHIR R4 Consents against <see cref="ConsentOptions"/>. Per Consent, as R4 defines them:
/// only <c>status</c> active is in force (draft and proposed are not yet, inactive no longer, rejected and
/// entered-in-error never); a root <c>provision.period</c> that does not cover now puts the whole Consent out of force.
/// A Consent listed by policy, policy rule or category decides with its root provision's <c>type</c>; a nested
/// provision overrides its parent when it applies now (in its period) and is about AI documentation (a listed code, or
/// no codes at all inside a listed Consent); between siblings a deny wins. Consents then combine by
/// <see cref="ConsentOptions.Combination"/>.
/// </summary>
public sealed class ConsentPolicy(IOptions<ConsentOptions> options)
{
    public ConsentDecision Evaluate(IEnumerable<Hl7.Fhir.Model.Consent> consents, DateTimeOffset now)
    {
        var settings = options.Value;
        var matcher = new ConsentMatcher(settings);
        var applicable = new List<Applicable>();
        var read = 0;
        foreach (var consent in consents)
        {
            read++;
            if (consent.Status != Hl7.Fhir.Model.Consent.ConsentState.Active || !Covers(consent.Provision?.Period, now))
            {
                continue;
            }

            var listedBy = matcher.ListedBy(consent);
            var rule = Decide(consent.Provision, listedBy, matcher, settings, now);
            if (rule is { } decided)
            {
                applicable.Add(new Applicable(consent, decided.Kind, decided.Rule, RecordedAt(consent)));
            }
        }

        if (applicable.Count == 0)
        {
            return new ConsentDecision(
                settings.NoConsentDecision,
                $"No Consent in force is about AI-assisted documentation ({read} read); the policy's default is {Verb(settings.NoConsentDecision)}.",
                null);
        }

        var deciding = settings.Combination == ConsentCombination.DenyWins
            ? applicable.Where(a => a.Kind == ConsentDecisionKind.Deny).OrderByDescending(a => a.RecordedAt).FirstOrDefault()
              ?? applicable.OrderByDescending(a => a.RecordedAt).First()
            : applicable.OrderByDescending(a => a.RecordedAt).ThenByDescending(a => a.Kind == ConsentDecisionKind.Deny).First();
        var reference = $"Consent/{deciding.Consent.Id}";
        var recorded = deciding.RecordedAt is { } at ? $", recorded {at:yyyy-MM-dd}" : string.Empty;
        var others = applicable.Count > 1 ? $"; {applicable.Count} Consents applied, {Describe(settings.Combination)}" : string.Empty;
        return new ConsentDecision(deciding.Kind, $"{reference} ({deciding.Rule}{recorded}) {(deciding.Kind == ConsentDecisionKind.Permit ? "permits" : "denies")} AI-assisted documentation{others}.", reference);
    }

    /// <summary>The decision of one Consent in force, or null when nothing in it is about AI-assisted documentation.</summary>
    private static (ConsentDecisionKind Kind, string Rule)? Decide(
        Hl7.Fhir.Model.Consent.provisionComponent? root, string? listedBy, ConsentMatcher matcher, ConsentOptions settings, DateTimeOffset now)
    {
        (ConsentDecisionKind Kind, string Rule)? decision = null;
        if (listedBy is not null)
        {
            decision = (root?.Type is { } type ? Kind(type) : settings.UntypedProvisionDecision, listedBy);
        }
        else if (root is not null && matcher.ProvisionCode(root) is { } code)
        {
            decision = (root.Type is { } type ? Kind(type) : settings.UntypedProvisionDecision, $"provision {code}");
        }

        return root is null ? decision : DecideNested(root.Provision, "provision", listedBy is not null, matcher, settings, now) ?? decision;
    }

    private static (ConsentDecisionKind Kind, string Rule)? DecideNested(
        List<Hl7.Fhir.Model.Consent.provisionComponent> provisions, string path, bool listed, ConsentMatcher matcher, ConsentOptions settings, DateTimeOffset now)
    {
        (ConsentDecisionKind Kind, string Rule)? decision = null;
        for (var i = 0; i < provisions.Count; i++)
        {
            var provision = provisions[i];
            var code = matcher.ProvisionCode(provision);
            if (!Covers(provision.Period, now) || (code is null && !(listed && !ConsentMatcher.HasCodes(provision))))
            {
                continue;
            }

            var own = $"{path}.provision[{i}]";
            var result = DecideNested(provision.Provision, own, listed, matcher, settings, now)
                ?? (provision.Type is { } type ? Kind(type) : settings.UntypedProvisionDecision, code is null ? own : $"{own} {code}");
            if (decision is null || (result.Kind == ConsentDecisionKind.Deny && decision.Value.Kind == ConsentDecisionKind.Permit))
            {
                decision = result;
            }
        }

        return decision;
    }

    private static bool Covers(Period? period, DateTimeOffset now) =>
        period is null
        || ((period.StartElement is null || period.StartElement.ToDateTimeOffset(TimeSpan.Zero) <= now)
            && (period.EndElement is null || now < EndOf(period.EndElement)));

    /// <summary>The first instant after a period's end: an end given as a date (or month, or year) includes all of it.</summary>
    private static DateTimeOffset EndOf(FhirDateTime end)
    {
        var at = end.ToDateTimeOffset(TimeSpan.Zero);
        return end.Value?.Length switch
        {
            4 => at.AddYears(1),
            7 => at.AddMonths(1),
            10 => at.AddDays(1),
            _ => at.AddTicks(1),
        };
    }

    private static DateTimeOffset? RecordedAt(Hl7.Fhir.Model.Consent consent) =>
        consent.DateTimeElement?.ToDateTimeOffset(TimeSpan.Zero) ?? consent.Meta?.LastUpdated;

    private static ConsentDecisionKind Kind(Hl7.Fhir.Model.Consent.ConsentProvisionType type) =>
        type == Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit ? ConsentDecisionKind.Permit : ConsentDecisionKind.Deny;

    private static string Verb(ConsentDecisionKind kind) => kind == ConsentDecisionKind.Permit ? "permit" : "deny";

    private static string Describe(ConsentCombination combination) =>
        combination == ConsentCombination.DenyWins ? "a deny wins" : "the newest wins";

    private sealed record Applicable(Hl7.Fhir.Model.Consent Consent, ConsentDecisionKind Kind, string Rule, DateTimeOffset? RecordedAt);
}
