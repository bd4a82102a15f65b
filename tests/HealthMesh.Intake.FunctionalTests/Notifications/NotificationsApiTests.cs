using System.Net;
using HealthMesh.Contracts;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.ServiceDefaults.Messaging;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Intake.FunctionalTests.Notifications;

public sealed class NotificationsApiTests
{
    [Fact]
    public async System.Threading.Tasks.Task Classic_finished_encounter_stores_context_and_publishes_once()
    {
        await using var host = await IntakeTestHost.StartAsync();
        host.Ehr.PageSize = 1; // two Conditions on the encounter: the context must follow the search's next link
        var encounter = await ReadAsync<Encounter>(host, $"Encounter/{ClinicalFixtures.FinishedEncounterId}");

        using var response = await host.PostAsync(FhirJson.Serialize(encounter));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = Assert.Single(host.Published());
        Assert.Equal(ClinicalNoteWorkflowId.From(host.Ehr.BaseUrl.ToString(), "Encounter", ClinicalFixtures.FinishedEncounterId, "1"), published.WorkflowId);
        Assert.Equal(NoteKind.EncounterSummary, published.NoteKind);
        Assert.Equal(("Encounter", ClinicalFixtures.FinishedEncounterId, "1"), (published.ResourceType, published.ResourceId, published.ResourceVersion));
        Assert.Equal(host.Ehr.BaseUrl.ToString().TrimEnd('/'), published.SourceSystem);

        var context = await ReadContextAsync(host, published);
        Assert.Equal(Bundle.BundleType.Collection, context.Type);
        Assert.Equal(
            ["Encounter/enc-finished", "Patient/pat-1", "Condition/cond-1", "Condition/cond-2", "Observation/obs-1", "MedicationRequest/med-1", "Procedure/proc-1", "DocumentReference/note-1"],
            context.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource!.Id}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Classic_ping_with_empty_body_is_acknowledged_without_an_event()
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Published());
    }

    [Theory]
    [InlineData("handshake")]
    [InlineData("heartbeat")]
    public async System.Threading.Tasks.Task Backport_handshake_and_heartbeat_are_acknowledged_without_an_event(string type)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(type == "handshake" ? BackportNotifications.Handshake() : BackportNotifications.Heartbeat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("acknowledged", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task Backport_full_resource_uses_the_payload_without_reading_the_focus()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var encounter = await ReadAsync<Encounter>(host, $"Encounter/{ClinicalFixtures.FinishedEncounterId}");
        var readsBefore = host.Ehr.Requests.Count(r => r == $"GET /fhir/Encounter/{ClinicalFixtures.FinishedEncounterId}");

        using var response = await host.PostAsync(BackportNotifications.Event("1", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", encounter, host.Ehr.BaseUrl.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NoteKind.EncounterSummary, Assert.Single(host.Published()).NoteKind);
        Assert.Equal(readsBefore, host.Ehr.Requests.Count(r => r == $"GET /fhir/Encounter/{ClinicalFixtures.FinishedEncounterId}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Backport_id_only_reads_the_focus_and_builds_the_radiology_context()
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(BackportNotifications.Event("7", $"DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", null, host.Ehr.BaseUrl.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"GET /fhir/DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", host.Ehr.Requests);
        var published = Assert.Single(host.Published());
        Assert.Equal(NoteKind.RadiologyReport, published.NoteKind);

        var context = await ReadContextAsync(host, published);
        var report = Assert.IsType<DiagnosticReport>(context.Entry[0].Resource);
        Assert.NotEmpty(report.PresentedForm);
        Assert.IsType<Patient>(context.Entry[1].Resource);
        Assert.Contains(context.Entry, e => e.Resource is Observation { Id: "rad-obs-1" });
        Assert.Contains(context.Entry, e => e.Resource is Condition);
        Assert.Contains(context.Entry, e => e.Resource is MedicationRequest);
    }

    [Fact]
    public async System.Threading.Tasks.Task Same_event_delivered_three_times_is_published_once()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var notification = BackportNotifications.Event("42", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString());

        for (var delivery = 0; delivery < 3; delivery++)
        {
            using var response = await host.PostAsync(notification);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(host.Published());
        // After the first delivery the event number alone settles it: the EHR is not asked for the focus again.
        Assert.Single(host.Ehr.Requests, r => r == $"GET /fhir/Encounter/{ClinicalFixtures.FinishedEncounterId}");
    }

    [Fact]
    public async System.Threading.Tasks.Task Same_resource_version_under_new_event_numbers_or_classic_form_is_published_once()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var encounter = await ReadAsync<Encounter>(host, $"Encounter/{ClinicalFixtures.FinishedEncounterId}");

        using var first = await host.PostAsync(BackportNotifications.Event("1", $"Encounter/{encounter.Id}", encounter, host.Ehr.BaseUrl.ToString()));
        using var second = await host.PostAsync(BackportNotifications.Event("2", $"Encounter/{encounter.Id}", encounter, host.Ehr.BaseUrl.ToString()));
        using var third = await host.PostAsync(FhirJson.Serialize(encounter));

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("Duplicate", await third.Content.ReadAsStringAsync());
        Assert.Single(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_new_version_of_the_resource_starts_a_new_workflow()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var encounter = await ReadAsync<Encounter>(host, $"Encounter/{ClinicalFixtures.FinishedEncounterId}");
        var updated = (Encounter)host.Ehr.Seed(encounter);

        using var first = await host.PostAsync(FhirJson.Serialize(encounter));
        using var second = await host.PostAsync(FhirJson.Serialize(updated));

        Assert.Equal(["1", "2"], host.Published().Select(p => p.ResourceVersion).Order());
        Assert.Equal(2, host.Published().Select(p => p.WorkflowId).Distinct().Count());
    }

    [Theory]
    [InlineData(ClinicalFixtures.OpenEncounterId, "Encounter", "is not a finished Encounter")]
    [InlineData(ClinicalFixtures.LabReportId, "DiagnosticReport", "is not a final radiology/imaging DiagnosticReport")]
    public async System.Threading.Tasks.Task Non_trigger_is_acknowledged_and_ignored_with_its_reason(string id, string type, string reason)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(BackportNotifications.Event("3", $"{type}/{id}", null, host.Ehr.BaseUrl.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ignored", body);
        Assert.Contains(reason, body);
        Assert.Empty(host.Published());
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public async System.Threading.Tasks.Task Bad_deliveries_get_an_operation_outcome_and_publish_nothing(string subscription, string? secret, string? body, HttpStatusCode status, string diagnostics)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(body, subscription, secret);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var outcome = FhirJson.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Contains(diagnostics, Assert.Single(outcome.Issue).Diagnostics);
        Assert.Empty(host.Published());
    }

    public static TheoryData<string, string?, string?, HttpStatusCode, string> Rejections()
    {
        var encounter = FhirJson.Serialize(ClinicalFixtures.Encounter(ClinicalFixtures.FinishedEncounterId, Encounter.EncounterStatus.Finished));
        return new()
        {
            { "unknown", IntakeTestHost.Secret, encounter, HttpStatusCode.NotFound, "No subscription 'unknown'" },
            { IntakeTestHost.SubscriptionId, "wrong-secret-0123456789", encounter, HttpStatusCode.Unauthorized, "does not carry its configured secret" },
            { IntakeTestHost.SubscriptionId, null, encounter, HttpStatusCode.Unauthorized, "does not carry its configured secret" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, "{\"resourceType\":\"Encounter\",", HttpStatusCode.BadRequest, "not a valid FHIR R4 JSON resource" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, "{\"resourceType\":\"Encounter\",\"id\":\"e\",\"status\":\"not-a-status\"}", HttpStatusCode.BadRequest, "not a valid FHIR R4 JSON resource" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, FhirJson.Serialize(ClinicalFixtures.Patient()), HttpStatusCode.BadRequest, "A Patient cannot start a note" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, FhirJson.Serialize(new Bundle { Type = Bundle.BundleType.Collection }), HttpStatusCode.BadRequest, "is not a subscription notification" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, BackportNotifications.Event("5", "Patient/pat-1", null, "http://ehr.example/fhir"), HttpStatusCode.BadRequest, "focuses on a Patient" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, FhirJson.Serialize(new Encounter { Id = "no-version", Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB") }), HttpStatusCode.BadRequest, "no meta.versionId" },
        };
    }

    [Fact]
    public async System.Threading.Tasks.Task A_custom_header_carries_the_bare_secret()
    {
        await using var host = await IntakeTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notifications/custom-header");
        request.Headers.Add("X-Subscription-Secret", IntakeTestHost.Secret);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_body_over_the_limit_is_refused_with_413()
    {
        await using var host = await IntakeTestHost.StartAsync(maxNotificationBytes: 1024);
        var encounter = ClinicalFixtures.Encounter(ClinicalFixtures.FinishedEncounterId, Encounter.EncounterStatus.Finished);
        encounter.Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{new string('x', 2048)}</div>" };

        using var response = await host.PostAsync(FhirJson.Serialize(encounter));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task Broker_down_answers_503_and_a_redelivery_publishes_once_it_is_back()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var notification = BackportNotifications.Event("9", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString());
        host.Broker.IsDown = true;

        using var refused = await host.PostAsync(notification);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("retry", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Published());

        host.Broker.IsDown = false;
        using var redelivered = await host.PostAsync(notification);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(host.Published());
    }

    private static async Task<T> ReadAsync<T>(IntakeTestHost host, string location) where T : Resource
    {
        using var http = new HttpClient();
        return FhirJson.Parse<T>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/{location}"));
    }

    private static async Task<Bundle> ReadContextAsync(IntakeTestHost host, ClinicalEventReceived published)
    {
        var documents = host.Factory.Services.GetRequiredService<IClinicalDocumentStore>();
        return FhirJson.Parse<Bundle>(await documents.GetAsync(published.ContextReference));
    }
}
