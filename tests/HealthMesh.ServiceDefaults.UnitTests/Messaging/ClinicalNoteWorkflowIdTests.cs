using HealthMesh.ServiceDefaults.Messaging;

namespace HealthMesh.ServiceDefaults.UnitTests.Messaging;

public sealed class ClinicalNoteWorkflowIdTests
{
    [Fact]
    public void Same_event_gives_the_same_id_so_replays_join_their_saga()
    {
        var first = ClinicalNoteWorkflowId.From("http://ehr.example/fhir", "Encounter", "enc-1", "3");
        var replay = ClinicalNoteWorkflowId.From("http://EHR.example/fhir/", "Encounter", "enc-1", "3");

        Assert.Equal(first, replay);
    }

    [Theory]
    [InlineData("http://other.example/fhir", "Encounter", "enc-1", "3")]
    [InlineData("http://ehr.example/fhir", "DiagnosticReport", "enc-1", "3")]
    [InlineData("http://ehr.example/fhir", "Encounter", "enc-2", "3")]
    [InlineData("http://ehr.example/fhir", "Encounter", "enc-1", "4")]
    public void Any_part_changing_gives_another_id(string source, string type, string id, string version)
    {
        var baseline = ClinicalNoteWorkflowId.From("http://ehr.example/fhir", "Encounter", "enc-1", "3");

        Assert.NotEqual(baseline, ClinicalNoteWorkflowId.From(source, type, id, version));
    }

    [Fact]
    public void Id_is_an_RFC_9562_version_5_uuid()
    {
        var id = ClinicalNoteWorkflowId.From("http://ehr.example/fhir", "Encounter", "enc-1", "1").ToString();

        Assert.Equal('5', id[14]);
        Assert.Contains(id[19], "89ab");
    }

    [Fact]
    public void Missing_parts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ClinicalNoteWorkflowId.From("http://ehr.example/fhir", "Encounter", " ", "1"));
    }
}
