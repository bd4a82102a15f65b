using HealthMesh.Intake.Consent;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace HealthMesh.Intake.UnitTests.Consent;

public sealed class ConsentPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly Coding AiPurpose = new(KnownConsentCodes.AiDocumentationCodeSystem, KnownConsentCodes.AiDocumentationCode);

    [Fact]
    public void No_consent_permits_under_the_default_opt_out_policy()
    {
        var decision = Evaluate([]);

        Assert.True(decision.Permitted);
        Assert.Null(decision.ConsentReference);
        Assert.Contains("No Consent in force", decision.Reason);
    }

    [Fact]
    public void An_active_opt_out_under_the_policy_uri_denies_and_names_the_consent()
    {
        var decision = Evaluate([AiConsent("c1", FhirConsent.ConsentProvisionType.Deny)]);

        Assert.False(decision.Permitted);
        Assert.Equal("Consent/c1", decision.ConsentReference);
        Assert.Contains($"policy {KnownConsentCodes.AiDocumentationPolicy}", decision.Reason);
        Assert.Contains("denies AI-assisted documentation", decision.Reason);
    }

    [Fact]
    public void An_active_opt_in_under_the_policy_uri_permits()
    {
        var decision = Evaluate([AiConsent("c1", FhirConsent.ConsentProvisionType.Permit)], new ConsentOptions { NoConsentDecision = ConsentDecisionKind.Deny });

        Assert.True(decision.Permitted);
        Assert.Equal("Consent/c1", decision.ConsentReference);
    }

    [Theory]
    [InlineData(FhirConsent.ConsentState.Inactive)]
    [InlineData(FhirConsent.ConsentState.Rejected)]
    [InlineData(FhirConsent.ConsentState.EnteredInError)]
    [InlineData(FhirConsent.ConsentState.Draft)]
    [InlineData(FhirConsent.ConsentState.Proposed)]
    public void A_consent_that_is_not_active_is_not_in_force(FhirConsent.ConsentState status)
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Deny);
        consent.Status = status;

        Assert.True(Evaluate([consent]).Permitted);
    }

    [Fact]
    public void An_opt_out_whose_period_has_ended_is_not_in_force()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Deny);
        consent.Provision.Period = new Period { Start = "2025-01-01", End = "2026-01-31" };

        Assert.True(Evaluate([consent]).Permitted);
    }

    [Fact]
    public void An_opt_out_ending_today_as_a_date_is_in_force_all_day()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Deny);
        consent.Provision.Period = new Period { Start = "2025-01-01", End = "2026-03-02" };

        Assert.False(Evaluate([consent]).Permitted);
    }

    [Fact]
    public void An_opt_out_whose_period_has_not_started_is_not_in_force_yet()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Deny);
        consent.Provision.Period = new Period { Start = "2026-04-01" };

        Assert.True(Evaluate([consent]).Permitted);
    }

    [Fact]
    public void A_nested_deny_provision_overrides_the_base_permit_while_its_period_covers_now()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Permit);
        consent.Provision.Provision.Add(new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Deny,
            Period = new Period { Start = "2026-02-01", End = "2026-06-30" },
        });

        var decision = Evaluate([consent]);

        Assert.False(decision.Permitted);
        Assert.Contains("provision.provision[0]", decision.Reason);
    }

    [Fact]
    public void An_expired_nested_deny_provision_leaves_the_base_permit()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Permit);
        consent.Provision.Provision.Add(new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Deny,
            Purpose = [AiPurpose],
            Period = new Period { Start = "2025-01-01", End = "2025-12-31" },
        });

        Assert.True(Evaluate([consent], new ConsentOptions { NoConsentDecision = ConsentDecisionKind.Deny }).Permitted);
    }

    [Fact]
    public void A_general_privacy_consent_denies_through_a_provision_with_the_ai_purpose()
    {
        var consent = new FhirConsent
        {
            Id = "privacy",
            Status = FhirConsent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Policy = [new FhirConsent.PolicyComponent { Uri = "https://hospital.example/policies/privacy" }],
            Provision = new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Permit,
                Provision =
                [
                    new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny, Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HRESCH")] },
                    new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny, Purpose = [AiPurpose] },
                ],
            },
        };

        var decision = Evaluate([consent]);

        Assert.False(decision.Permitted);
        Assert.Contains($"provision.provision[1] {KnownConsentCodes.AiDocumentationCodeSystem}|{KnownConsentCodes.AiDocumentationCode}", decision.Reason);
    }

    [Fact]
    public void A_consent_about_something_else_does_not_decide()
    {
        var research = new FhirConsent
        {
            Id = "research",
            Status = FhirConsent.ConsentState.Active,
            Policy = [new FhirConsent.PolicyComponent { Uri = "https://hospital.example/policies/research" }],
            Provision = new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny },
        };

        Assert.True(Evaluate([research]).Permitted);
    }

    [Fact]
    public void A_matching_consent_without_a_provision_type_is_read_as_a_deny_by_default()
    {
        var consent = AiConsent("c1", FhirConsent.ConsentProvisionType.Deny);
        consent.Provision = null;

        Assert.False(Evaluate([consent]).Permitted);
        Assert.True(Evaluate([consent], new ConsentOptions { UntypedProvisionDecision = ConsentDecisionKind.Permit }).Permitted);
    }

    [Fact]
    public void Newest_wins_by_default_so_a_later_opt_in_replaces_an_earlier_opt_out()
    {
        var optOut = AiConsent("out", FhirConsent.ConsentProvisionType.Deny, "2025-05-01");
        var optIn = AiConsent("in", FhirConsent.ConsentProvisionType.Permit, "2026-01-10");

        var decision = Evaluate([optOut, optIn]);

        Assert.True(decision.Permitted);
        Assert.Equal("Consent/in", decision.ConsentReference);
        Assert.Contains("2 Consents applied, the newest wins", decision.Reason);
        Assert.False(Evaluate([optIn, AiConsent("out-again", FhirConsent.ConsentProvisionType.Deny, "2026-02-20")]).Permitted);
    }

    [Fact]
    public void Newest_wins_resolves_a_tie_to_deny()
    {
        var decision = Evaluate([
            AiConsent("in", FhirConsent.ConsentProvisionType.Permit, "2026-01-10"),
            AiConsent("out", FhirConsent.ConsentProvisionType.Deny, "2026-01-10"),
        ]);

        Assert.False(decision.Permitted);
        Assert.Equal("Consent/out", decision.ConsentReference);
    }

    [Fact]
    public void Without_a_date_the_consent_is_dated_by_its_last_update()
    {
        var optOut = AiConsent("out", FhirConsent.ConsentProvisionType.Deny);
        optOut.Meta = new Meta { LastUpdated = Now.AddDays(-1) };
        var optIn = AiConsent("in", FhirConsent.ConsentProvisionType.Permit, "2026-01-10");

        Assert.Equal("Consent/out", Evaluate([optIn, optOut]).ConsentReference);
    }

    [Fact]
    public void Deny_wins_when_configured_whatever_the_dates()
    {
        var optOut = AiConsent("out", FhirConsent.ConsentProvisionType.Deny, "2025-05-01");
        var optIn = AiConsent("in", FhirConsent.ConsentProvisionType.Permit, "2026-01-10");

        var decision = Evaluate([optIn, optOut], new ConsentOptions { Combination = ConsentCombination.DenyWins });

        Assert.False(decision.Permitted);
        Assert.Equal("Consent/out", decision.ConsentReference);
        Assert.Contains("a deny wins", decision.Reason);
    }

    [Fact]
    public void A_configured_policy_replaces_the_default_one()
    {
        var options = new ConsentOptions
        {
            PolicyRules = ["http://terminology.hl7.org/CodeSystem/v3-ActCode|OPTOUT"],
            Categories = ["http://loinc.org|59284-0"],
        };
        var byRule = new FhirConsent
        {
            Id = "rule",
            Status = FhirConsent.ConsentState.Active,
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTOUT"),
            Provision = new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny },
        };
        var byCategory = new FhirConsent
        {
            Id = "category",
            Status = FhirConsent.ConsentState.Active,
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Provision = new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny },
        };

        Assert.Contains("policyRule http://terminology.hl7.org/CodeSystem/v3-ActCode|OPTOUT", Evaluate([byRule], options).Reason);
        Assert.Contains("category http://loinc.org|59284-0", Evaluate([byCategory], options).Reason);
        Assert.True(Evaluate([AiConsent("default-uri", FhirConsent.ConsentProvisionType.Deny)], options).Permitted);
    }

    [Fact]
    public void An_opt_out_read_as_fhir_json_denies()
    {
        var consent = FhirJson.Parse<FhirConsent>("""
            {
              "resourceType": "Consent",
              "id": "opt-out",
              "status": "active",
              "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" }] },
              "category": [{ "coding": [{ "system": "http://loinc.org", "code": "59284-0" }] }],
              "patient": { "reference": "Patient/p1" },
              "dateTime": "2026-01-15",
              "policy": [{ "uri": "http://healthmesh.example/fhir/ConsentPolicy/ai-assisted-documentation" }],
              "provision": { "type": "deny", "period": { "start": "2026-01-15" } }
            }
            """);

        Assert.False(Evaluate([consent]).Permitted);
    }

    private static ConsentDecision Evaluate(IEnumerable<FhirConsent> consents, ConsentOptions? options = null) =>
        new ConsentPolicy(Options.Create(options ?? new ConsentOptions())).Evaluate(consents, Now);

    private static FhirConsent AiConsent(string id, FhirConsent.ConsentProvisionType type, string? dateTime = null) => new()
    {
        Id = id,
        Status = FhirConsent.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Patient = new ResourceReference("Patient/p1"),
        DateTime = dateTime,
        Policy = [new FhirConsent.PolicyComponent { Uri = KnownConsentCodes.AiDocumentationPolicy }],
        Provision = new FhirConsent.provisionComponent { Type = type },
    };
}
