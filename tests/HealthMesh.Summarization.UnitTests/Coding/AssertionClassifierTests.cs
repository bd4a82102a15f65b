using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.UnitTests.Coding;

public sealed class AssertionClassifierTests
{
    [Theory]
    [InlineData("Patient has pneumonia.", "pneumonia", Assertion.Present)]
    [InlineData("No evidence of pneumonia.", "pneumonia", Assertion.Negated)]
    [InlineData("She denies chest pain or shortness of breath.", "shortness of breath", Assertion.Negated)]
    [InlineData("Negative for fever.", "fever", Assertion.Negated)]
    [InlineData("Pneumonia was ruled out.", "Pneumonia", Assertion.Negated)]
    [InlineData("Cough without fever.", "Cough", Assertion.Present)]
    [InlineData("Rule out pulmonary embolism.", "pulmonary embolism", Assertion.Hypothetical)]
    [InlineData("CTA to r/o pulmonary embolism.", "pulmonary embolism", Assertion.Hypothetical)]
    [InlineData("Return if chest pain recurs.", "chest pain", Assertion.Hypothetical)]
    [InlineData("Possible early infiltrate at the left base.", "infiltrate", Assertion.Uncertain)]
    [InlineData("Chest pain, likely stable angina.", "stable angina", Assertion.Uncertain)]
    [InlineData("Chest pain, likely stable angina.", "Chest pain", Assertion.Present)]
    [InlineData("Pneumonia is not excluded.", "Pneumonia", Assertion.Uncertain)]
    [InlineData("Pulmonary embolism cannot be ruled out.", "Pulmonary embolism", Assertion.Uncertain)]
    [InlineData("Subarachnoid hemorrhage unlikely.", "Subarachnoid hemorrhage", Assertion.Negated)]
    [InlineData("Heart failure was not confirmed.", "Heart failure", Assertion.Negated)]
    [InlineData("Resolved right pneumothorax.", "pneumothorax", Assertion.Historical)]
    [InlineData("Mother had breast cancer.", "breast cancer", Assertion.FamilyHistory)]
    [InlineData("Family history of diabetes.", "diabetes", Assertion.FamilyHistory)]
    [InlineData("Remote history of asthma in childhood.", "asthma", Assertion.Historical)]
    [InlineData("History of hypertension, on lisinopril.", "hypertension", Assertion.Present)]
    [InlineData("No fever, but she reports cough.", "cough", Assertion.Present)]
    public void Classifies_a_mention_in_its_sentence(string sentence, string mention, Assertion expected)
    {
        Assert.Equal(expected, AssertionClassifier.Classify(sentence, sentence.IndexOf(mention, StringComparison.Ordinal), mention.Length, NoteSectionKind.HistoryOfPresentIllness));
    }

    [Fact]
    public void Everything_in_a_family_history_section_is_family_history()
    {
        Assert.Equal(Assertion.FamilyHistory, AssertionClassifier.Classify("Diabetes.", 0, 8, NoteSectionKind.FamilyHistory));
    }
}
