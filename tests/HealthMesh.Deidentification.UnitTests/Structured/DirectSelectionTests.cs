using System.Security.Cryptography;
using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.Deidentification.Structured.Selection;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Deidentification.UnitTests.Structured;

/// <summary>
/// The engine walks each resource once and selects the usual path shapes from that walk: it must select what FHIRPath
/// selects, and write byte for byte what the engine wrote before the rules shared one walk.
/// </summary>
public sealed class DirectSelectionTests
{
    private static readonly string SamplesDirectory = Path.GetFullPath(Path.Combine(EvalSetLoader.FindNotesDirectory(AppContext.BaseDirectory), "..", ".."));

    // The Bundles the benchmark measures (samples/fhir) and the unit fixtures.
    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(Path.Combine(SamplesDirectory, "fhir"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path), File.ReadAllText(path));
        }

        data.Add(Fixtures.EncounterContext, Fixtures.Read(Fixtures.EncounterContext));
        data.Add(Fixtures.RadiologyContext, Fixtures.Read(Fixtures.RadiologyContext));
        return data;
    }

    [Fact]
    public void Every_rule_of_the_default_profile_is_selected_from_the_walk()
    {
        var engine = RuleHarness.Engine([.. DeidentificationProfile.Default().Rules]);

        Assert.All(engine.Rules, rule => Assert.True(rule.Direct is not null, $"rule {rule.Number} ({rule.Rule.Path}) would be evaluated as FHIRPath"));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_default_profile_writes_the_same_bytes_as_before_the_rules_shared_one_walk(string name, string json)
    {
        // Written by the engine that walked the resource once per rule and evaluated the other paths as FHIRPath.
        var before = Fixtures.Read($"Deidentified/{name}");
        var engine = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Convert.ToBase64String(SHA256.HashData("healthmesh-deid-benchmark"u8)) });

        Assert.Equal(before, FhirJson.Serialize(engine.DeidentifyResource(FhirJson.Parse<Bundle>(json))));
    }

    [Theory]
    [InlineData(Fixtures.EncounterContext)]
    [InlineData(Fixtures.RadiologyContext)]
    public void The_pipeline_changes_as_many_values_of_each_kind_as_with_every_path_evaluated_as_fhirpath(string fixture)
    {
        var walked = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(fixture), Guid.Empty);
        var evaluated = Fixtures.Services(new DeidentificationOptions { HmacKey = Fixtures.HmacKey }, EvaluatedProfile())
            .GetRequiredService<ContextDeidentifier>().Deidentify(Fixtures.Bundle(fixture), Guid.Empty);

        // The surrogates themselves may differ: FHIRPath lists descendants() in another order than the document's, and
        // a surrogate that collides is chosen by which real value came first.
        Assert.Equal(evaluated.IdentifiersReplaced, walked.IdentifiersReplaced);
        Assert.Equal(evaluated.Audit, walked.Audit);
    }

    [Theory]
    [InlineData("Resource.meta.source")]
    [InlineData("Resource.id")]
    [InlineData("DomainResource.text")]
    [InlineData("Patient.telecom.combine(Patient.contact.telecom).combine(Practitioner.telecom)")]
    [InlineData("Patient.contact.telecom.combine(Patient.telecom)")]
    [InlineData("Patient.name.given")]
    [InlineData("Observation.value.ofType(string).combine(Observation.component.value.ofType(string))")]
    [InlineData("Observation.value.ofType(Quantity).combine(Observation.component.value)")]
    [InlineData("descendants().ofType(Annotation).author.ofType(string)")]
    [InlineData("descendants().ofType(Annotation).author.ofType(Reference)")]
    [InlineData("descendants().ofType(Extension).value.ofType(string)")]
    [InlineData("descendants().ofType(Extension).value.ofType(markdown)")]
    [InlineData("descendants().ofType(Extension).value")]
    [InlineData("descendants().ofType(Reference).reference")]
    [InlineData("descendants().ofType(HumanName).combine(descendants().ofType(Annotation).author.ofType(string))")]
    [InlineData("descendants().ofType(string)")]
    [InlineData("descendants().ofType(Coding).combine(descendants().ofType(Quantity))")]
    [InlineData("$this.combine(descendants()).select(conclusion.combine(description).combine(comment).combine(text)).ofType(string)")]
    public void A_path_selects_the_same_elements_walked_as_evaluated(string path)
    {
        var direct = DirectPath.TryParse(path);
        Assert.NotNull(direct);
        foreach (var resource in ShapesResources())
        {
            var expected = new FhirPathCompiler().Compile(path)(resource.ToPocoNode(), new FhirEvaluationContext())
                .Select(n => n.Poco).ToList();

            var actual = direct.Select(new ResourceElements(resource, new HashSet<Base>(ReferenceEqualityComparer.Instance))).Select(e => e.Element).ToList();

            // The walk lists elements in document order (as the engine always has); Firely's descendants() in another.
            Assert.Equal(expected.Count, actual.Count);
            Assert.All(expected, e => Assert.Contains(actual, a => ReferenceEquals(a, e)));
        }
    }

    [Theory]
    [InlineData("Patient.name.where(use = 'official')")]
    [InlineData("Patient.name.first()")]
    [InlineData("Patient.telecom.combine(Patient.contact.telecom).value")]
    [InlineData("name")]
    [InlineData("descendants()")]
    [InlineData("Patient.name | Practitioner.name")]
    public void Any_other_path_is_left_to_fhirpath(string path) => Assert.Null(DirectPath.TryParse(path));

    // The default profile with every path made into a shape the walk does not take: FHIRPath evaluates all of them.
    private static DeidentificationProfile EvaluatedProfile() =>
        new([.. DeidentificationProfile.Default().Rules.Select(r => r with { Path = r.Path + ".select($this)" })]);

    private static IEnumerable<Resource> ShapesResources()
    {
        var patient = new Patient
        {
            Id = "p1",
            Meta = new Meta { Source = "https://ehr.example.org/a" },
            Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Amara Okafor</div>" },
            Name = [new HumanName { Family = "Okafor", Given = ["Amara", "Jane"] }, new HumanName { Text = "A. Okafor" }],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "555-0100")],
            Contact = [new Patient.ContactComponent { Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "kin@example.org")], Name = new HumanName { Family = "Okafor" } }],
            Extension =
            [
                new Extension("http://example.org/a", new FhirString("lives in Springfield")),
                new Extension("http://example.org/b", new Markdown("**Amara**")),
                new Extension("http://example.org/c", new Extension("http://example.org/d", new FhirString("nested")) ),
            ],
        };
        var observation = new Observation
        {
            Id = "o1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate", "pulse"),
            Subject = new ResourceReference("Patient/p1", "Amara Okafor"),
            Value = new FhirString("seen by Dr. Okafor"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "x"), Value = new FhirString("first") },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "y"), Value = new Quantity(72, "/min") },
            ],
            Note = [new Annotation { Author = new FhirString("Amara Okafor"), Text = new Markdown("called 555-0100") }, new Annotation { Author = new ResourceReference("Practitioner/x"), Text = new Markdown("ok") }],
        };
        var report = new DiagnosticReport
        {
            Id = "r1",
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "36643-5") { Text = "XR chest" },
            Conclusion = "No pneumothorax. Discussed with Dr. Okafor.",
            Contained = [new Practitioner { Id = "pr", Name = [new HumanName { Family = "Lee" }], Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "555-0199")] }],
            Performer = [new ResourceReference("#pr") { Display = "Dr. Lee" }],
        };
        return [patient, observation, report, observation.DeepCopy(), new Bundle { Type = Bundle.BundleType.Collection }];
    }
}
