using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.UnitTests.EvalSet;

/// <summary>The committed evaluation set (samples/deid-eval) is sound, reproducible, and the engine keeps its quality on it.</summary>
public sealed class EvalSetTests
{
    // Regression floors, a little under what the engine reaches today (see samples/deid-eval/README.md).
    private const double RecallFloor = 0.99;
    private const double PrecisionFloor = 0.95;

    private static readonly string NotesDirectory = EvalSetLoader.FindNotesDirectory(AppContext.BaseDirectory);
    private static readonly IReadOnlyList<EvalNote> Notes = EvalSetLoader.Load(NotesDirectory);

    [Fact]
    public void Every_label_points_at_the_text_it_claims_and_every_kind_is_planted()
    {
        Assert.Equal(EvalSetGenerator.NoteCount, Notes.Count);
        foreach (var note in Notes)
        {
            Assert.NotEmpty(note.Labels.Spans);
            foreach (var label in note.Labels.Spans)
            {
                Assert.Contains(label.Kind, PhiKinds.All);
                Assert.Equal(label.Text, note.Text.Substring(label.Start, label.Length));
            }

            foreach (var word in note.Labels.Preserve)
            {
                Assert.Contains(word, note.Text);
            }
        }

        Assert.Empty(PhiKinds.All.Except(Notes.SelectMany(n => n.Labels.Spans).Select(l => l.Kind)));
    }

    [Fact]
    public void Notes_with_a_record_have_a_patient_whose_name_the_note_uses()
    {
        var withRecord = Notes.Where(n => n.Context is not null).ToList();
        Assert.Equal(Notes.Count / 2, withRecord.Count);
        foreach (var note in withRecord)
        {
            var patient = note.Context!.Entry.Select(e => e.Resource).OfType<Patient>().Single();
            Assert.Contains(patient.Name[0].Family!, note.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_generator_rewrites_the_committed_set_byte_for_byte()
    {
        var directory = Directory.CreateTempSubdirectory("deid-eval-");
        try
        {
            EvalSetGenerator.Write(directory.FullName);
            var committed = Directory.GetFiles(NotesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(committed, Directory.GetFiles(directory.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
            foreach (var file in committed)
            {
                Assert.Equal(File.ReadAllText(Path.Combine(NotesDirectory, file!)), File.ReadAllText(Path.Combine(directory.FullName, file!)));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Recall_and_precision_stay_above_their_floors_and_medicine_is_kept(bool useContext)
    {
        var score = EvalScorer.Score(new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Fixtures.HmacKey }), Notes, useContext);

        Assert.True(score.Recall >= RecallFloor, $"Recall {score.Recall:F3} < {RecallFloor}: {string.Join("; ", score.Missed.Take(20))}");
        Assert.True(score.Precision >= PrecisionFloor, $"Precision {score.Precision:F3} < {PrecisionFloor}: {string.Join("; ", score.FalsePositives.Take(20))}");
        Assert.Empty(score.Destroyed);
    }
}
