using System.Net;
using HealthMesh.Contracts;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Notifications;

/// <summary>
/// The same notifications as <see cref="NotificationsApiTests"/>, in <c>application/fhir+xml</c>: every type and
/// payload, and every rejection with its status and an OperationOutcome (in XML when the request is XML or asks for it).
/// </summary>
public sealed class XmlNotificationTests
{
    private const string FhirXml = "application/fhir+xml";

    [Fact]
    public async System.Threading.Tasks.Task Classic_finished_encounter_in_xml_is_published_and_answered_in_xml()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var encounter = await ReadEncounterAsync(host);

        using var response = await host.PostAsync(ServiceDefaults.Fhir.FhirXml.Serialize(encounter), contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirXml, response.Content.Headers.ContentType?.MediaType);
        var outcome = ServiceDefaults.Fhir.FhirXml.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Accepted Encounter/enc-finished", Assert.Single(outcome.Issue).Diagnostics);
        var published = Assert.Single(host.Published());
        Assert.Equal((NoteKind.EncounterSummary, "1"), (published.NoteKind, published.ResourceVersion));
    }

    [Fact]
    public async System.Threading.Tasks.Task Classic_ping_with_an_xml_content_type_and_no_body_is_acknowledged()
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync("", contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Published());
    }

    [Theory]
    [InlineData("handshake")]
    [InlineData("heartbeat")]
    public async System.Threading.Tasks.Task Backport_handshake_and_heartbeat_in_xml_are_acknowledged(string type)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(Xml(type == "handshake" ? BackportNotifications.Handshake(0) : BackportNotifications.Heartbeat(0)), contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("acknowledged", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task Backport_full_resource_in_xml_uses_the_payload()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var encounter = await ReadEncounterAsync(host);
        var readsBefore = host.Ehr.Requests.Count;

        using var response = await host.PostAsync(
            Xml(BackportNotifications.Event("1", $"Encounter/{encounter.Id}", encounter, host.Ehr.BaseUrl.ToString())), contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NoteKind.EncounterSummary, Assert.Single(host.Published()).NoteKind);
        Assert.DoesNotContain(host.Ehr.Requests.Skip(readsBefore), r => r == $"GET /fhir/Encounter/{encounter.Id}");
    }

    [Fact]
    public async System.Threading.Tasks.Task Backport_id_only_in_xml_reads_the_focus_and_a_redelivery_is_a_duplicate()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var notification = Xml(BackportNotifications.Event("7", $"DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", null, host.Ehr.BaseUrl.ToString()));

        using var first = await host.PostAsync(notification, contentType: FhirXml);
        using var second = await host.PostAsync(notification, contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Duplicate", await second.Content.ReadAsStringAsync());
        Assert.Equal(NoteKind.RadiologyReport, Assert.Single(host.Published()).NoteKind);
    }

    [Theory]
    [InlineData(ClinicalFixtures.OpenEncounterId, "Encounter", "is not a finished Encounter")]
    [InlineData(ClinicalFixtures.LabReportId, "DiagnosticReport", "is not a final radiology/imaging DiagnosticReport")]
    public async System.Threading.Tasks.Task Non_trigger_in_xml_is_acknowledged_and_ignored_with_its_reason(string id, string type, string reason)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(Xml(BackportNotifications.Event("3", $"{type}/{id}", null, host.Ehr.BaseUrl.ToString())), contentType: FhirXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ignored", body);
        Assert.Contains(reason, body);
        Assert.Empty(host.Published());
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public async System.Threading.Tasks.Task Bad_xml_deliveries_get_an_xml_operation_outcome_and_publish_nothing(string subscription, string? secret, string body, HttpStatusCode status, string diagnostics)
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync(body, subscription, secret, FhirXml);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(FhirXml, response.Content.Headers.ContentType?.MediaType);
        var outcome = ServiceDefaults.Fhir.FhirXml.Parse<OperationOutcome>(await response.Content.ReadAsStringAsync());
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
        Assert.Contains(diagnostics, issue.Diagnostics);
        Assert.Empty(host.Published());
    }

    public static TheoryData<string, string?, string, HttpStatusCode, string> Rejections()
    {
        var encounter = ServiceDefaults.Fhir.FhirXml.Serialize(ClinicalFixtures.Encounter(ClinicalFixtures.FinishedEncounterId, Encounter.EncounterStatus.Finished));
        return new()
        {
            { "unknown", IntakeTestHost.Secret, encounter, HttpStatusCode.NotFound, "No subscription 'unknown'" },
            { IntakeTestHost.SubscriptionId, "wrong-secret-0123456789", encounter, HttpStatusCode.Unauthorized, "does not carry its configured secret" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, "<Encounter xmlns=\"http://hl7.org/fhir\"><id value=\"e\"/>", HttpStatusCode.BadRequest, "not a valid FHIR R4 XML resource" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, "<Encounter xmlns=\"http://hl7.org/fhir\"><id value=\"e\"/><status value=\"not-a-status\"/></Encounter>", HttpStatusCode.BadRequest, "not a valid FHIR R4 XML resource" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, "<Encounter><id value=\"e\"/></Encounter>", HttpStatusCode.BadRequest, "not a valid FHIR R4 XML resource" },
            {
                IntakeTestHost.SubscriptionId, IntakeTestHost.Secret,
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Encounter xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Encounter>",
                HttpStatusCode.BadRequest, "not a valid FHIR R4 XML resource"
            },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, Xml(FhirJson.Serialize(ClinicalFixtures.Patient())), HttpStatusCode.BadRequest, "A Patient cannot start a note" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, Xml(FhirJson.Serialize(new Bundle { Type = Bundle.BundleType.Collection })), HttpStatusCode.BadRequest, "is not a subscription notification" },
            { IntakeTestHost.SubscriptionId, IntakeTestHost.Secret, Xml(BackportNotifications.Event("5", "Patient/pat-1", null, "http://ehr.example/fhir")), HttpStatusCode.BadRequest, "focuses on a Patient" },
        };
    }

    [Theory]
    [InlineData("application/fhir+json", FhirXml, FhirXml)]
    [InlineData("application/fhir+json", "application/xml", FhirXml)]
    [InlineData(FhirXml, "application/fhir+json", "application/fhir+json")]
    [InlineData(FhirXml, "*/*", FhirXml)]
    [InlineData("application/fhir+json", "application/fhir+json;q=0.5, application/fhir+xml", FhirXml)]
    public async System.Threading.Tasks.Task The_answer_follows_accept_then_the_request_body_format(string contentType, string accept, string answered)
    {
        await using var host = await IntakeTestHost.StartAsync();
        var body = ClinicalFixtures.Patient();

        using var response = await host.PostAsync(
            contentType == FhirXml ? ServiceDefaults.Fhir.FhirXml.Serialize(body) : FhirJson.Serialize(body), contentType: contentType, accept: accept);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(answered, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var outcome = answered == FhirXml ? (OperationOutcome)ServiceDefaults.Fhir.FhirXml.Parse<OperationOutcome>(text) : FhirJson.Parse<OperationOutcome>(text);
        Assert.Contains("A Patient cannot start a note", Assert.Single(outcome.Issue).Diagnostics);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_body_in_neither_fhir_format_is_refused_with_415()
    {
        await using var host = await IntakeTestHost.StartAsync();

        using var response = await host.PostAsync("Encounter enc-finished finished", contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/fhir+xml", await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Published());
    }

    private static string Xml(string json) => ServiceDefaults.Fhir.FhirXml.Serialize(FhirJson.Parse<Resource>(json));

    private static async Task<Encounter> ReadEncounterAsync(IntakeTestHost host)
    {
        using var http = new HttpClient();
        return FhirJson.Parse<Encounter>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/Encounter/{ClinicalFixtures.FinishedEncounterId}"));
    }
}
