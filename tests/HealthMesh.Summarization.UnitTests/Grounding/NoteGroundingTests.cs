using HealthMesh.Contracts;
using HealthMesh.Summarization.Grounding;
using HealthMesh.Summarization.Notes;

namespace HealthMesh.Summarization.UnitTests.Grounding;

public sealed class NoteGroundingTests
{
    private static readonly NoteSource Source = new("DiagnosticReport/r1", "CT report", "FINDINGS: There is a small left pneumothorax. No effusion.");

    [Fact]
    public void Ungrounded_sentences_and_codes_are_dropped_and_flagged_for_the_reviewer()
    {
        var note = Note(
            [
                new NoteSection(KnownSections.Findings, "Findings", [new NoteSentence("There is a small left pneumothorax.", [new Evidence(Source.SourceId, 10, 35)])]),
                new NoteSection(KnownSections.Impression, "Impression", [new NoteSentence("Large pneumothorax.", [new Evidence(Source.SourceId, 10, 35)])]),
            ],
            [
                new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J93.9", "Pneumothorax, unspecified", 0.8, "text-dictionary", [new Evidence(Source.SourceId, 32, 12)]),
                new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J90", "Pleural effusion", 0.8, "model", [new Evidence("DocumentReference/missing", 0, 8)]),
            ]);

        var enforced = NoteGrounding.Enforce(note);

        Assert.Equal([KnownSections.Findings], enforced.Sections.Select(s => s.Code));
        Assert.Equal(["J93.9"], enforced.Codes.Select(c => c.Code));
        Assert.Equal([NoteGrounding.UngroundedSentencesFlag + "1", NoteGrounding.UngroundedCodesFlag + "1"], enforced.Flags);
    }

    [Fact]
    public void A_grounded_note_is_returned_unchanged_and_a_capitalised_first_letter_still_reads_the_source()
    {
        // "There is a " cut off, "small" shown as "Small": every word is still the source's.
        var note = Note([new NoteSection(KnownSections.Impression, "Impression", [new NoteSentence("Small left pneumothorax.", [new Evidence(Source.SourceId, 21, 24)])])], []);

        Assert.Same(note, NoteGrounding.Enforce(note));
        Assert.False(NoteGrounding.IsGrounded(note, new NoteSentence("Small Left pneumothorax.", [new Evidence(Source.SourceId, 21, 24)])));
    }

    private static StructuredNote Note(IReadOnlyList<NoteSection> sections, IReadOnlyList<ProposedCode> codes) =>
        new(Guid.Empty, 1, NoteKind.RadiologyReport, "t", sections, codes, [], [Source], new NoteEngine("model", "1", "none"), DateTimeOffset.UnixEpoch);
}
