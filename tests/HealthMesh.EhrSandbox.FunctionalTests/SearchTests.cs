using System.Net;
using Hl7.Fhir.Model;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class SearchTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    [Fact]
    public async System.Threading.Tasks.Task Search_by_patient_and_encounter_finds_exactly_the_linked_resources()
    {
        var (patient, encounter) = await CreatePatientWithEncounterAsync("search-1", observations: 3);
        await CreatePatientWithEncounterAsync("search-other", observations: 2);

        var byPatient = await SearchAsync($"/fhir/Observation?patient={patient}");
        var bySubject = await SearchAsync($"/fhir/Observation?subject=Patient/{patient}");
        var byEncounter = await SearchAsync($"/fhir/Observation?encounter=Encounter/{encounter}&code=http://loinc.org|8867-4");
        var encounters = await SearchAsync($"/fhir/Encounter?patient={patient}&status=finished");

        Assert.Equal(3, byPatient.Total);
        Assert.All(byPatient.Entry, e => Assert.Equal($"Patient/{patient}", ((Observation)e.Resource!).Subject!.Reference));
        Assert.All(byPatient.Entry, e => Assert.Equal($"http://localhost/fhir/Observation/{e.Resource!.Id}", e.FullUrl));
        Assert.Equal(3, bySubject.Total);
        Assert.Equal(3, byEncounter.Total);
        Assert.Equal(encounter, Assert.Single(encounters.Entry).Resource!.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_by_identifier_honours_the_system()
    {
        var (patient, _) = await CreatePatientWithEncounterAsync("ident-1", observations: 0);

        Assert.Equal(patient, Assert.Single((await SearchAsync("/fhir/Patient?identifier=urn:test:mrn|ident-1")).Entry).Resource!.Id);
        Assert.Equal(1, (await SearchAsync("/fhir/Patient?identifier=ident-1")).Total);
        Assert.Equal(0, (await SearchAsync("/fhir/Patient?identifier=urn:other|ident-1")).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_by_tag_finds_provenance_by_its_meta_tag()
    {
        var tag = $"note-{Guid.NewGuid():N}";
        using var created = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Provenance", new Provenance
        {
            Meta = new Meta { Tag = [new Coding("urn:healthmesh:note", tag)] },
            Target = [new ResourceReference("Patient/someone")],
            Recorded = DateTimeOffset.UtcNow,
            Agent = [new Provenance.AgentComponent { Who = new ResourceReference("Practitioner/p1") }],
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(1, (await SearchAsync($"/fhir/Provenance?_tag=urn:healthmesh:note|{tag}")).Total);
        Assert.Equal(0, (await SearchAsync($"/fhir/Provenance?_tag=urn:other|{tag}")).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Last_updated_filters_and_count_pages_through_every_match_once()
    {
        var before = await SearchAsync("/fhir/Observation?_count=1");
        var (patient, _) = await CreatePatientWithEncounterAsync("paging-1", observations: 5);
        var firstWrite = (await SearchAsync($"/fhir/Observation?patient={patient}&_sort=_lastUpdated&_count=1")).Entry.Single().Resource!.Meta!.LastUpdated!.Value;

        var seen = new List<string>();
        var url = $"/fhir/Observation?patient={patient}&_lastUpdated=ge{firstWrite.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z&_count=2&_sort=-_lastUpdated";
        var pages = 0;
        while (url is not null)
        {
            var page = await SearchAsync(url);
            Assert.Equal(5, page.Total);
            seen.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
        Assert.Equal(0, (await SearchAsync($"/fhir/Observation?patient={patient}&_lastUpdated=lt{firstWrite.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z")).Total);
        Assert.Equal(0, (await SearchAsync($"/fhir/Observation?patient={patient}&_lastUpdated=lt2000")).Total);
        Assert.Equal(5, (await SearchAsync($"/fhir/Observation?patient={patient}&_lastUpdated=gt2000-01-01")).Total);
        Assert.True(before.Total < (await SearchAsync("/fhir/Observation?_count=0")).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Include_and_revinclude_bring_the_context_of_an_encounter_in_one_search()
    {
        var (patient, encounter) = await CreatePatientWithEncounterAsync("include-1", observations: 2);

        var bundle = await SearchAsync($"/fhir/Encounter?_id={encounter},unrelated-id&_include=Encounter:subject&_revinclude=Observation:encounter");

        Assert.Equal(1, bundle.Total);
        var entries = bundle.Entry.Select(e => (e.Search!.Mode, e.Resource!.TypeName, e.Resource.Id)).ToList();
        Assert.Equal((Bundle.SearchEntryMode.Match, "Encounter", encounter), entries[0]);
        Assert.Contains((Bundle.SearchEntryMode.Include, "Patient", patient), entries);
        Assert.Equal(2, entries.Count(e => e is (Bundle.SearchEntryMode.Include, "Observation", _)));
        Assert.Equal(4, entries.Count);
    }

    [Theory]
    [InlineData("/fhir/Observation?_include=Encounter:subject")]
    [InlineData("/fhir/Observation?colour=blue")]
    [InlineData("/fhir/Observation?code:text=pulse")]
    [InlineData("/fhir/Observation?_lastUpdated=yesterday")]
    [InlineData("/fhir/Observation?_sort=code")]
    public async System.Threading.Tasks.Task Unsupported_or_malformed_search_parameters_are_400_not_silently_ignored(string url)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await ReadAsync<OperationOutcome>(response)).Issue);
    }

    private async Task<Bundle> SearchAsync(string url)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        return bundle;
    }

    private async Task<(string Patient, string Encounter)> CreatePatientWithEncounterAsync(string mrn, int observations)
    {
        var patient = await ReadAsync<Patient>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Patient", ResourceInteractionTests.NewPatient(mrn)));
        var encounter = await ReadAsync<Encounter>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/Encounter", new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference($"Patient/{patient.Id}"),
        }));
        for (var i = 0; i < observations; i++)
        {
            using var created = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Observation", new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate"),
                Subject = new ResourceReference($"Patient/{patient.Id}"),
                Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
                Value = new Quantity(70 + i, "/min"),
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return (patient.Id!, encounter.Id!);
    }
}
