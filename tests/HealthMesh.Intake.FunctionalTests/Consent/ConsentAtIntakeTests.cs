using System.Net;
using HealthMesh.Contracts;
using HealthMesh.Intake.Consent;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using FhirConsent = Hl7.Fhir.Model.Consent;

namespace HealthMesh.Intake.FunctionalTests.Consent;

/// <summary>Intake checks the patient's Consents (read from the EHR) before it reads anything else or starts a workflow.</summary>
public sealed class ConsentAtIntakeTests
{
    [Fact]
    public async System.Threading.Tasks.Task An_opt_out_publishes_the_denial_reads_nothing_else_and_stores_no_context()
    {
        await using var host = await IntakeTestHost.StartAsync();
        host.Ehr.Seed(OptOut("optout-1", FhirConsent.ConsentState.Active));

        var outcome = await AcceptReportAsync(host);

        Assert.Equal(IntakeOutcomeKind.Accepted, outcome.Kind);
        Assert.StartsWith("Consent denied: Consent/optout-1", outcome.Reason);
        var denied = Assert.Single(host.Harness.Published.Select<ClinicalEventConsentDenied>()).Context.Message;
        Assert.Equal(outcome.WorkflowId, denied.WorkflowId);
        Assert.Equal(ClinicalFixtures.RadiologyReportId, denied.ResourceId);
        Assert.Contains("denies AI-assisted documentation", denied.Reason);
        Assert.Empty(host.Published());
        Assert.Contains(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Consent?", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Ehr.Requests, r => r.StartsWith($"GET /fhir/Patient/{ClinicalFixtures.PatientId}", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Condition", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_withdrawn_opt_out_no_longer_in_force_lets_the_workflow_start()
    {
        await using var host = await IntakeTestHost.StartAsync();
        host.Ehr.Seed(OptOut("optout-1", FhirConsent.ConsentState.Inactive));

        var outcome = await AcceptReportAsync(host);

        Assert.Null(outcome.Reason);
        Assert.Single(host.Published());
        Assert.Empty(host.Harness.Published.Select<ClinicalEventConsentDenied>());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_refused_consent_search_rejects_the_event_and_says_how_to_fix_it()
    {
        await using var host = await IntakeTestHost.StartAsync();
        using var http = new HttpClient();
        var report = FhirJson.Parse<DiagnosticReport>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/DiagnosticReport/{ClinicalFixtures.RadiologyReportId}"));
        host.Ehr.FailNext(1, HttpStatusCode.Forbidden, "GET");

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var error = await Assert.ThrowsAsync<IntakeRejectedException>(() => scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>().AcceptAsync(report, CancellationToken.None));

        Assert.Contains("consent cannot be checked", error.Message);
        Assert.Contains("403", error.Message);
        Assert.Contains("HealthMesh:Consent:Enabled=false", error.Message);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task With_consent_checking_off_no_consent_is_read()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: new Dictionary<string, string> { ["HealthMesh:Consent:Enabled"] = "false" });
        host.Ehr.Seed(OptOut("optout-1", FhirConsent.ConsentState.Active));

        await AcceptReportAsync(host);

        Assert.Single(host.Published());
        Assert.DoesNotContain(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Consent", StringComparison.Ordinal));
    }

    private static async Task<IntakeOutcome> AcceptReportAsync(IntakeTestHost host)
    {
        using var http = new HttpClient();
        var report = FhirJson.Parse<DiagnosticReport>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/DiagnosticReport/{ClinicalFixtures.RadiologyReportId}"));
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>().AcceptAsync(report, CancellationToken.None);
    }

    private static FhirConsent OptOut(string id, FhirConsent.ConsentState status) => new()
    {
        Id = id,
        Status = status,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Patient = new ResourceReference($"Patient/{ClinicalFixtures.PatientId}"),
        DateTime = "2026-01-15",
        Policy = [new FhirConsent.PolicyComponent { Uri = KnownConsentCodes.AiDocumentationPolicy }],
        Provision = new FhirConsent.provisionComponent { Type = FhirConsent.ConsentProvisionType.Deny },
    };
}
