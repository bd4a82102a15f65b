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
    [InlineData("No fever, but she reports cough.", "cough", Assertion.Present)]
    [InlineData("History of MI in 2019, s/p CABG.", "MI", Assertion.Historical)]
    [InlineData("H/o PE in 2020, anticoagulation completed.", "PE", Assertion.Historical)]
    [InlineData("Hx of ischemic stroke without residual deficit.", "ischemic stroke", Assertion.Historical)]
    [InlineData("S/p appendectomy for appendicitis.", "appendicitis", Assertion.Historical)]
    [InlineData("Status post repair of aortic dissection.", "aortic dissection", Assertion.Historical)]
    [InlineData("History of smoking, now presents with pneumonia.", "pneumonia", Assertion.Present)]
    public void Classifies_a_mention_in_its_sentence(string sentence, string mention, Assertion expected)
    {
        Assert.Equal(expected, AssertionClassifier.Classify(sentence, sentence.IndexOf(mention, StringComparison.Ordinal), mention.Length, NoteSectionKind.HistoryOfPresentIllness));
    }

    [Theory]
    [InlineData("History of hypertension, on lisinopril.", "hypertension", true, Assertion.Present)]
    [InlineData("History of type 2 diabetes, A1c 7.1%.", "type 2 diabetes", true, Assertion.Present)]
    [InlineData("History of pneumonia in 2021.", "pneumonia", false, Assertion.Historical)]
    [InlineData("Remote history of asthma.", "asthma", true, Assertion.Historical)]
    [InlineData("S/p CABG for coronary artery disease.", "coronary artery disease", true, Assertion.Historical)]
    public void History_of_a_chronic_condition_is_present_and_of_an_acute_one_historical(string sentence, string mention, bool chronic, Assertion expected)
    {
        Assert.Equal(expected, AssertionClassifier.Classify(sentence, sentence.IndexOf(mention, StringComparison.Ordinal), mention.Length, NoteSectionKind.HistoryOfPresentIllness, chronic));
    }

    [Fact]
    public void A_past_history_section_makes_acute_conditions_historical_and_leaves_chronic_ones_present()
    {
        Assert.Equal(Assertion.Historical, AssertionClassifier.Classify("Pulmonary embolism 2020.", 0, 18, NoteSectionKind.PastHistory));
        Assert.Equal(Assertion.Present, AssertionClassifier.Classify("Hypertension.", 0, 12, NoteSectionKind.PastHistory, chronic: true));
    }

    [Fact]
    public void Everything_in_a_family_history_section_is_family_history()
    {
        Assert.Equal(Assertion.FamilyHistory, AssertionClassifier.Classify("Diabetes.", 0, 8, NoteSectionKind.FamilyHistory));
    }
}
