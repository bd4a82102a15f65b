using System.Net;
using Hl7.Fhir.Model;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class ResourceInteractionTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    [Fact]
    public async System.Threading.Tasks.Task Create_answers_201_with_location_etag_and_the_stored_version()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("create-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadAsync<Patient>(response);
        Assert.Equal($"http://localhost/fhir/Patient/{created.Id}/_history/1", response.Headers.Location?.ToString());
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("1", created.Meta!.VersionId);
        Assert.NotNull(created.Meta!.LastUpdated);
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_and_vread_return_each_version_and_unknown_ids_are_404_outcomes()
    {
        var created = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("read-1")));
        created.Gender = AdministrativeGender.Female;
        using var updated = await sandbox.SendAsync(HttpMethod.Put, $"/fhir/Patient/{created.Id}", created);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("W/\"2\"", updated.Headers.ETag?.ToString());

        var current = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}"));
        var first = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}/_history/1"));
        Assert.Equal(("2", AdministrativeGender.Female), (current.Meta!.VersionId, current.Gender));
        Assert.Equal(("1", (AdministrativeGender?)null), (first.Meta!.VersionId, first.Gender));

        using var unknownId = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient/does-not-exist");
        using var unknownVersion = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}/_history/9");
        using var unknownType = await sandbox.SendAsync(HttpMethod.Get, "/fhir/NotAResource/1");
        foreach (var response in new[] { unknownId, unknownVersion, unknownType })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(OperationOutcome.IssueType.NotFound, (await ReadAsync<OperationOutcome>(response)).Issue.Single().Code);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Conditional_create_twice_keeps_one_resource_and_answers_200_the_second_time()
    {
        var condition = (KnownHeader: "If-None-Exist", Value: "identifier=urn:test:mrn|cond-1");

        using var first = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("cond-1"), condition);
        using var second = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("cond-1"), condition);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await ReadAsync<Patient>(first)).Id, (await ReadAsync<Patient>(second)).Id);
        var search = await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient?identifier=urn:test:mrn|cond-1"));
        Assert.Equal(1, search.Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Conditional_create_matching_several_resources_is_412()
    {
        await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("dup-1"));
        await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("dup-1"));

        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("dup-1"), ("If-None-Exist", "identifier=urn:test:mrn|dup-1"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async System.Threading.Tasks.Task Update_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var created = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("lock-1")));
        created.Gender = AdministrativeGender.Male;
        using var fresh = await sandbox.SendAsync(HttpMethod.Put, $"/fhir/Patient/{created.Id}", created, ("If-Match", "W/\"1\""));
        created.Gender = AdministrativeGender.Other;

        using var stale = await sandbox.SendAsync(HttpMethod.Put, $"/fhir/Patient/{created.Id}", created, ("If-Match", "W/\"1\""));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.Conflict, (await ReadAsync<OperationOutcome>(stale)).Issue.Single().Code);
        var current = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}"));
        Assert.Equal(("2", AdministrativeGender.Male), (current.Meta!.VersionId, current.Gender));
    }

    [Fact]
    public async System.Threading.Tasks.Task An_unchanged_update_creates_no_new_version()
    {
        var created = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("same-1")));

        using var response = await sandbox.SendAsync(HttpMethod.Put, $"/fhir/Patient/{created.Id}", created);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async System.Threading.Tasks.Task Update_whose_body_id_differs_from_the_url_is_400()
    {
        var patient = NewPatient("mismatch-1");
        patient.Id = "one";

        using var response = await sandbox.SendAsync(HttpMethod.Put, "/fhir/Patient/other", patient);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not match", (await ReadAsync<OperationOutcome>(response)).Issue.Single().Diagnostics);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",", "")]
    [InlineData("{\"resourceType\":\"Patient\",\"gender\":\"martian\"}", "gender")]
    [InlineData("{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}", "favouriteColour")]
    [InlineData("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}", "Observation")]
    public async System.Threading.Tasks.Task Malformed_or_invalid_bodies_are_400_with_an_OperationOutcome_saying_what_is_wrong(string body, string mentioned)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = new StringContent(body, System.Text.Encoding.UTF8, FhirJsonMediaType) };

        using var response = await sandbox.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await ReadAsync<OperationOutcome>(response);
        Assert.NotEmpty(outcome.Issue);
        Assert.All(outcome.Issue, issue => Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity));
        Assert.Contains(outcome.Issue, issue => (issue.Diagnostics ?? issue.Details?.Text ?? string.Empty).Contains(mentioned, StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task Deleted_resources_are_410_patch_is_405_and_unknown_paths_are_404_outcomes()
    {
        var created = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", NewPatient("delete-1")));

        using var deleted = await sandbox.SendAsync(HttpMethod.Delete, $"/fhir/Patient/{created.Id}");
        using var read = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}");
        using var patch = await sandbox.SendAsync(HttpMethod.Patch, $"/fhir/Patient/{created.Id}");
        using var unknown = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Patient/{created.Id}/_history/1/extra");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        await ReadAsync<OperationOutcome>(patch);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await ReadAsync<OperationOutcome>(unknown);
    }

    [Fact]
    public async System.Threading.Tasks.Task Xml_is_accepted_and_served_when_asked_for()
    {
        const string xml = """<Patient xmlns="http://hl7.org/fhir"><identifier><system value="urn:test:mrn"/><value value="xml-1"/></identifier><gender value="female"/></Patient>""";
        using var create = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = new StringContent(xml, System.Text.Encoding.UTF8, "application/fhir+xml") };
        create.Headers.Accept.ParseAdd("application/fhir+xml");

        using var created = await sandbox.CreateClient().SendAsync(create);
        using var readAsXml = await sandbox.SendAsync(HttpMethod.Get, $"{created.Headers.Location!.AbsolutePath.Split("/_history")[0]}?_format=xml");
        using var readAsJson = await sandbox.SendAsync(HttpMethod.Get, created.Headers.Location!.AbsolutePath.Split("/_history")[0]);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/fhir+xml", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/fhir+xml", readAsXml.Content.Headers.ContentType?.MediaType);
        var patient = (Patient)HealthMesh.EhrSandbox.Interactions.FhirXml.Parse(await readAsXml.Content.ReadAsStringAsync());
        Assert.Equal(("xml-1", AdministrativeGender.Female), (patient.Identifier.Single().Value, patient.Gender));
        Assert.Equal(patient.Id, (await ReadAsync<Patient>(readAsJson)).Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task Metadata_is_a_CapabilityStatement_labelled_as_a_sandbox()
    {
        var statement = await ReadAsync<CapabilityStatement>(await sandbox.SendAsync(HttpMethod.Get, "/fhir/metadata"));

        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Contains("SANDBOX", statement.Description, StringComparison.Ordinal);
        Assert.Contains(statement.Rest.Single().Resource, r => r.Type == "Encounter" && r.SearchParam.Any(p => p.Name == "patient"));
    }

    internal static Patient NewPatient(string mrn) => new()
    {
        Identifier = [new Identifier("urn:test:mrn", mrn)],
        Name = [new HumanName { Family = "Testperson", Given = ["Synthetic"] }],
    };
}
