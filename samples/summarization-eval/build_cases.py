#!/usr/bin/env python3
"""Writes the evaluation set: cases/<id>.json (a de-identified context Bundle) and cases/<id>.gold.json.

Every case below is invented for HealthMesh (surrogate names, shifted dates, pseudonymous ids). The Bundles have the
shape of the `context-deid` document the Summarization service reads: the focus resource first, then Patient,
Conditions, Observations, MedicationRequests and DocumentReferences whose notes are base64 text/plain.

Run `python3 build_cases.py` after editing a case; the generated files are committed so .NET builds need no Python.
"""
import base64
import hashlib
import json
import pathlib
import textwrap
import uuid

OUT = pathlib.Path(__file__).resolve().parent / "cases"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
SECURITY = [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": c, "display": d}
            for c, d in (("PSEUDED", "pseudonymized"), ("REDACTED", "redacted"), ("PERTURBED", "perturbed"))]


def pid(case, what):
    """Pseudonymous id, as de-identification writes them: stable per case and resource."""
    return hashlib.sha256(f"{case}/{what}".encode()).hexdigest()[:16]


def b64(text):
    return base64.b64encode(textwrap.dedent(text).strip("\n").encode()).decode()


def patient(case, gender, birth):
    return {"resourceType": "Patient", "id": pid(case, "patient"), "meta": {"security": SECURITY},
            "gender": gender, "birthDate": birth}


def condition(case, n, text, icd=None, status="active", verification="confirmed"):
    code = {"text": text}
    if icd:
        code["coding"] = [{"system": ICD, "code": icd, "display": text}]
    return {"resourceType": "Condition", "id": pid(case, f"condition-{n}"), "meta": {"security": SECURITY},
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
            "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": verification}]},
            "code": code, "subject": {"reference": f"Patient/{pid(case, 'patient')}"}}


def observation(case, n, loinc, name, value, unit, category="laboratory", interpretation=None):
    resource = {"resourceType": "Observation", "id": pid(case, f"observation-{n}"), "meta": {"security": SECURITY},
                "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category}]}],
                "code": {"coding": [{"system": LOINC, "code": loinc, "display": name}], "text": name},
                "subject": {"reference": f"Patient/{pid(case, 'patient')}"},
                "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}
    if interpretation:
        resource["interpretation"] = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": interpretation}]}]
    return resource


def medication(case, n, name, dosage):
    return {"resourceType": "MedicationRequest", "id": pid(case, f"medication-{n}"), "meta": {"security": SECURITY},
            "status": "active", "intent": "order", "medicationCodeableConcept": {"text": name},
            "subject": {"reference": f"Patient/{pid(case, 'patient')}"}, "dosageInstruction": [{"text": dosage}]}


def encounter_case(case, visit, reason, note, gender="female", birth="1958-03-01", extra=(), codes=(), traps=(), split="tuning"):
    encounter = {"resourceType": "Encounter", "id": pid(case, "encounter"), "meta": {"security": SECURITY},
                 "status": "finished",
                 "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"},
                 "type": [{"text": visit}], "subject": {"reference": f"Patient/{pid(case, 'patient')}"},
                 "period": {"start": "2025-03-04T09:00:00Z", "end": "2025-03-04T09:40:00Z"},
                 "reasonCode": [{"text": reason}]}
    document = {"resourceType": "DocumentReference", "id": pid(case, "note"), "meta": {"security": SECURITY},
                "status": "current", "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}], "text": "Progress note"},
                "subject": {"reference": f"Patient/{pid(case, 'patient')}"},
                "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": b64(note)}}]}
    resources = [encounter, patient(case, gender, birth), *extra, document]
    write(case, resources, {"id": case, "kind": "EncounterSummary", "split": split, "codes": sorted(codes), "criticalFlags": [], "impression": None, "traps": list(traps)})


def report_case(case, study, loinc, text, impression, codes=(), critical=(), conclusion=None, traps=(), gender="male", birth="1961-07-12", split="tuning"):
    report = {"resourceType": "DiagnosticReport", "id": pid(case, "report"), "meta": {"security": SECURITY},
              "status": "final",
              "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "RAD"}]}],
              "code": {"coding": [{"system": LOINC, "code": loinc, "display": study}], "text": study},
              "subject": {"reference": f"Patient/{pid(case, 'patient')}"},
              "effectiveDateTime": "2025-03-04T13:10:00Z", "issued": "2025-03-04T13:55:00Z",
              "presentedForm": [{"contentType": "text/plain", "data": b64(text)}]}
    if conclusion:
        report["conclusion"] = conclusion
    gold = {"id": case, "kind": "RadiologyReport", "split": split, "codes": sorted(codes),
            "criticalFlags": sorted(f"critical-finding:{c}" for c in critical), "impression": impression, "traps": list(traps)}
    write(case, [report, patient(case, gender, birth)], gold)


def write(case, resources, gold):
    bundle = {"resourceType": "Bundle", "id": pid(case, "bundle"), "type": "collection",
              "entry": [{"fullUrl": f"urn:uuid:{uuid.UUID(hashlib.sha256((case + r['resourceType'] + r['id']).encode()).hexdigest()[:32])}", "resource": r} for r in resources]}
    (OUT / f"{case}.json").write_text(json.dumps(bundle, indent=1) + "\n")
    (OUT / f"{case}.gold.json").write_text(json.dumps(gold, indent=1) + "\n")


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()

    # ------------------------------------------------------------------ encounters
    c = "enc-01-htn-dm-hyperglycemia"
    encounter_case(c, "Office visit", "Diabetes follow-up", """
        CHIEF COMPLAINT: Diabetes follow-up.

        HPI: Ms. Quill is a 66-year-old woman with hypertension and type 2 diabetes mellitus with hyperglycemia. Home glucose readings run 190-240 mg/dL. She denies chest pain. Mother had breast cancer.

        EXAM: BP 148/92. Lungs clear. No edema.

        ASSESSMENT: Type 2 diabetes mellitus with hyperglycemia, HbA1c 8.9%. Essential hypertension, not at goal.

        PLAN: Increase metformin to 1000 mg twice daily. Increase lisinopril to 20 mg daily. Recheck HbA1c in 3 months.
        """,
        extra=[condition(c, 1, "Essential hypertension", "I10"),
               observation(c, 1, "4548-4", "Hemoglobin A1c", 8.9, "%", interpretation="H"),
               medication(c, 1, "metformin 1000 mg tablet", "1 tablet by mouth twice daily")],
        codes=["I10", "E11.65"], traps=["mother had breast cancer", "denies chest pain"])

    c = "enc-02-chest-pain-rule-out-acs"
    encounter_case(c, "Urgent care visit", "Chest pain", """
        CHIEF COMPLAINT: Chest pain.

        HPI: 58-year-old man with hyperlipidemia presents with two days of substernal chest pain on exertion, relieved by rest. No shortness of breath. Father had a myocardial infarction at 52.

        EXAM: Heart regular rate and rhythm. Lungs clear.

        ASSESSMENT: Chest pain, rule out acute coronary syndrome. Hyperlipidemia.

        PLAN: Troponin and ECG today. Start atorvastatin 40 mg daily. Stress test this week.
        """, gender="male", birth="1966-05-19",
        extra=[medication(c, 1, "atorvastatin 40 mg tablet", "1 tablet by mouth daily")],
        codes=["R07.9", "E78.5"], traps=["rule out acute coronary syndrome", "father had a myocardial infarction", "no shortness of breath"])

    c = "enc-03-no-evidence-of-pneumonia"
    encounter_case(c, "Office visit", "Cough", """
        CHIEF COMPLAINT: Cough for one week.

        HPI: 34-year-old woman with a dry cough and low-grade fever for one week. She has asthma, well controlled on an inhaler. No chest pain.

        EXAM: Temperature 37.9 C. Lungs with scattered wheezes, no crackles.

        ASSESSMENT: Acute upper respiratory infection. No evidence of pneumonia on exam or chest film. Asthma, stable.

        PLAN: Supportive care. Continue albuterol as needed. Return if fever persists beyond 3 days.
        """, birth="1991-01-08",
        extra=[observation(c, 1, "8310-5", "Body temperature", 37.9, "Cel", category="vital-signs", interpretation="H")],
        codes=["J06.9", "J45.909"], traps=["no evidence of pneumonia", "no chest pain"])

    c = "enc-04-ckd3a-dm-nephropathy"
    encounter_case(c, "Nephrology follow-up", "Chronic kidney disease", """
        HPI: 71-year-old man with type 2 diabetes with diabetic chronic kidney disease and chronic kidney disease stage 3a. eGFR stable at 52. No nausea. Former smoker, quit 2009.

        ASSESSMENT: Type 2 diabetes with diabetic chronic kidney disease. Chronic kidney disease stage 3a, stable. Hypertension, controlled.

        PLAN: Continue empagliflozin 10 mg daily and losartan 50 mg daily. BMP in 3 months.
        """, gender="male", birth="1953-11-02",
        extra=[condition(c, 1, "Type 2 diabetes mellitus with diabetic chronic kidney disease", "E11.22"),
               observation(c, 1, "62238-1", "eGFR", 52, "mL/min/1.73m2", interpretation="L")],
        codes=["E11.22", "N18.31", "I12.9", "Z87.891"], traps=["former smoker (personal history code)", "no nausea"])

    c = "enc-05-family-history-only"
    encounter_case(c, "Annual wellness visit", "Annual exam", """
        HPI: 45-year-old woman for her annual exam. She feels well. No headache, no chest pain, no cough.

        FAMILY HISTORY: Mother had breast cancer at 50. Father has coronary artery disease and type 2 diabetes.

        SOCIAL HISTORY: Never smoker. Walks daily.

        ASSESSMENT: Healthy adult. Obesity.

        PLAN: Screening mammogram. Fasting lipid panel. Diet and exercise counselling.
        """, birth="1980-02-14",
        codes=["E66.9"], traps=["mother had breast cancer", "father has coronary artery disease", "screening"])

    c = "enc-06-history-of-appendectomy"
    encounter_case(c, "Office visit", "Abdominal pain", """
        HPI: 29-year-old man with two days of right lower quadrant pain and nausea. History of appendectomy at age 12. No fever. No vomiting.

        EXAM: Mild right lower quadrant tenderness without rebound.

        ASSESSMENT: Right lower quadrant pain, appendicitis excluded by history; possible mesenteric adenitis. Nausea.

        PLAN: CBC and urinalysis. Ondansetron 4 mg as needed. Return if worse.
        """, gender="male", birth="1996-06-30",
        codes=["R10.31", "R11.0"], traps=["history of appendectomy", "no fever", "appendicitis excluded"])

    c = "enc-07-copd-exacerbation"
    encounter_case(c, "Office visit", "Shortness of breath", """
        HPI: 68-year-old woman with COPD presents with three days of worsening shortness of breath and productive cough. Current smoker, one pack per day. No fever.

        EXAM: SpO2 91% on room air. Diffuse expiratory wheezes.

        ASSESSMENT: COPD with acute exacerbation. Nicotine dependence, cigarettes.

        PLAN: Prednisone 40 mg daily for 5 days. Doxycycline 100 mg twice daily. Smoking cessation counselling.
        """, birth="1956-09-09",
        extra=[observation(c, 1, "59408-5", "Oxygen saturation", 91, "%", category="vital-signs", interpretation="L")],
        codes=["J44.1", "F17.210"], traps=["no fever"])

    c = "enc-08-paroxysmal-afib"
    encounter_case(c, "Cardiology follow-up", "Atrial fibrillation", """
        HPI: 74-year-old man with paroxysmal atrial fibrillation and chronic systolic heart failure. Palpitations twice this month. No syncope. Previously had a pulmonary embolism in 2019, treated.

        EXAM: Irregular rhythm. Trace ankle edema.

        ASSESSMENT: Paroxysmal atrial fibrillation. Chronic systolic heart failure, compensated. Ankle edema.

        PLAN: Continue apixaban 5 mg twice daily and metoprolol. Echo in 6 months.
        """, gender="male", birth="1950-12-12",
        extra=[condition(c, 1, "Paroxysmal atrial fibrillation", "I48.0"),
               medication(c, 1, "apixaban 5 mg tablet", "1 tablet by mouth twice daily")],
        codes=["I48.0", "I50.22"], traps=["previously had a pulmonary embolism", "no syncope"])

    c = "enc-09-uti"
    encounter_case(c, "Telehealth visit", "Dysuria", """
        HPI: 27-year-old woman with dysuria and frequency for two days. No fever, no flank pain. Not pregnant.

        ASSESSMENT: Acute cystitis without hematuria.

        PLAN: Nitrofurantoin 100 mg twice daily for 5 days.
        """, birth="1998-04-04",
        codes=["N30.00"], traps=["no fever"])

    c = "enc-10-knee-oa"
    encounter_case(c, "Orthopedic visit", "Knee pain", """
        HPI: 63-year-old woman with right knee pain for a year, worse on stairs. She also has osteoporosis on alendronate. Her sister has rheumatoid arthritis.

        EXAM: Right knee crepitus, no effusion.

        ASSESSMENT: Primary osteoarthritis of the right knee. Osteoporosis.

        PLAN: Physical therapy. Acetaminophen as needed. Consider steroid injection if no improvement.
        """, birth="1961-10-21",
        codes=["M17.11", "M81.0"], traps=["sister has rheumatoid arthritis"])

    c = "enc-11-depression-anxiety"
    encounter_case(c, "Behavioral health visit", "Depression follow-up", """
        HPI: 39-year-old man with major depressive disorder, recurrent, moderate. Mood is somewhat better on sertraline. Also reports anxiety most days. Denies suicidal ideation.

        ASSESSMENT: Major depressive disorder, recurrent, moderate, improving. Anxiety.

        PLAN: Increase sertraline to 100 mg daily. Therapy referral.
        """, gender="male", birth="1986-03-03",
        codes=["F33.1", "F41.9"], traps=["denies suicidal ideation"])

    c = "enc-12-resolved-pneumonia"
    encounter_case(c, "Office visit", "Follow-up after pneumonia", """
        HPI: 55-year-old woman seen after community-acquired pneumonia last month, now resolved. Cough has cleared. She has hypothyroidism on levothyroxine.

        EXAM: Lungs clear.

        ASSESSMENT: Pneumonia, resolved. Hypothyroidism, stable.

        PLAN: No repeat chest film needed. Continue levothyroxine 75 mcg daily.
        """, birth="1970-08-08",
        extra=[condition(c, 1, "Pneumonia", "J18.9", status="resolved")],
        codes=["E03.9"], traps=["pneumonia, now resolved (resolved Condition)", "cough has cleared"])

    c = "enc-13-sleep-apnea"
    encounter_case(c, "Office visit", "Snoring and fatigue", """
        HPI: 52-year-old man with loud snoring and daytime fatigue. Sleep study showed obstructive sleep apnea. He has obesity and hypertension.

        ASSESSMENT: Obstructive sleep apnea. Obesity. Hypertension.

        PLAN: CPAP titration. Weight management referral. Continue amlodipine.
        """, gender="male", birth="1973-01-30",
        codes=["G47.33", "E66.9", "I10"])

    c = "enc-14-iron-deficiency"
    encounter_case(c, "Office visit", "Fatigue", """
        HPI: 41-year-old woman with fatigue and heavy menses. Hemoglobin 9.8 g/dL, ferritin 6 ng/mL. No melena.

        ASSESSMENT: Iron deficiency anemia. Vitamin D deficiency.

        PLAN: Ferrous sulfate 325 mg daily. Vitamin D3 2000 units daily. Gynecology referral.
        """, birth="1984-05-05",
        extra=[observation(c, 1, "718-7", "Hemoglobin", 9.8, "g/dL", interpretation="L"),
               observation(c, 2, "2276-4", "Ferritin", 6, "ng/mL", interpretation="L")],
        codes=["D50.9", "E55.9"], traps=["no melena"])

    c = "enc-15-headache-rule-out"
    encounter_case(c, "Emergency visit", "Headache", """
        HPI: 33-year-old woman with migraine presents with a headache typical of her migraines. No fever, no neck stiffness. Concern for subarachnoid hemorrhage was low.

        ASSESSMENT: Migraine. Subarachnoid hemorrhage unlikely, no imaging needed.

        PLAN: Sumatriptan 50 mg. Follow up with primary care.
        """, birth="1992-02-02",
        codes=["G43.909"], traps=["subarachnoid hemorrhage unlikely", "concern for subarachnoid hemorrhage", "no fever"])

    c = "enc-16-hyponatremia-chf"
    encounter_case(c, "Hospital follow-up", "Heart failure follow-up", """
        HPI: 80-year-old woman with chronic diastolic heart failure seen after discharge. Sodium 129 on discharge labs. Mild leg edema persists. No chest pain. Her daughter has asthma.

        ASSESSMENT: Chronic diastolic heart failure. Hyponatremia. Leg edema.

        PLAN: Fluid restriction 1.5 L. Furosemide 20 mg daily. BMP in one week.
        """, birth="1944-07-07",
        extra=[observation(c, 1, "2951-2", "Sodium", 129, "mmol/L", interpretation="L")],
        codes=["I50.32", "E87.1"], traps=["daughter has asthma", "no chest pain"])

    c = "enc-17-possible-infiltrate"
    encounter_case(c, "Urgent care visit", "Cough and fever", """
        HPI: 47-year-old man with cough and fever for four days. Chest film shows possible early infiltrate in the left base.

        ASSESSMENT: Cough. Fever. Possible early pneumonia.

        PLAN: Repeat chest film in 48 hours. Supportive care.
        """, gender="male", birth="1978-10-10",
        codes=["R05.9", "R50.9"], traps=["possible early infiltrate", "possible early pneumonia (uncertain, not coded)"])

    c = "enc-18-gerd-low-back-pain"
    encounter_case(c, "Office visit", "Back pain", """
        HPI: 50-year-old man with low back pain after lifting boxes. No leg weakness, no incontinence. He also has gastroesophageal reflux disease controlled on omeprazole.

        ASSESSMENT: Low back pain, mechanical. GERD.

        PLAN: Ibuprofen 400 mg as needed. Continue omeprazole 20 mg daily. Return if red flags develop.
        """, gender="male", birth="1975-12-01",
        codes=["M54.50", "K21.9"], traps=["no incontinence"])

    c = "enc-19-refuted-condition"
    encounter_case(c, "Office visit", "Follow-up", """
        HPI: 60-year-old woman for follow-up. An earlier working diagnosis of heart failure was not confirmed; echocardiogram was normal. She has hyperlipidemia.

        ASSESSMENT: Hyperlipidemia. Heart failure ruled out.

        PLAN: Continue rosuvastatin 10 mg daily.
        """, birth="1965-06-06",
        extra=[condition(c, 1, "Heart failure", "I50.9", verification="refuted"),
               condition(c, 2, "Hyperlipidemia", "E78.5")],
        codes=["E78.5"], traps=["heart failure refuted Condition", "heart failure ruled out"])

    c = "enc-20-parkinson"
    encounter_case(c, "Neurology follow-up", "Parkinson disease", """
        HPI: 72-year-old man with Parkinson's disease, stable tremor, no dyskinesia. Mild depression. No falls.

        ASSESSMENT: Parkinson's disease without dyskinesia. Depression.

        PLAN: Continue carbidopa-levodopa. Counselling referral.
        """, gender="male", birth="1952-09-19",
        codes=["G20.A1", "F32.A"], traps=["no falls"])

    c = "enc-21-asthma-exacerbation"
    encounter_case(c, "Urgent care visit", "Wheezing", """
        HPI: 19-year-old woman with moderate persistent asthma with acute exacerbation after a viral illness. Uses albuterol every 3 hours. No fever.

        EXAM: SpO2 94%. Diffuse wheezes.

        ASSESSMENT: Moderate persistent asthma with acute exacerbation.

        PLAN: Albuterol nebulizer in clinic. Prednisone 40 mg daily for 5 days.
        """, birth="2006-01-15",
        codes=["J45.41"], traps=["no fever"])

    c = "enc-22-ex-smoker-screening"
    encounter_case(c, "Office visit", "Lung cancer screening discussion", """
        HPI: 64-year-old man, former smoker with 35 pack-years, quit 6 years ago. Discussed screening for lung cancer. No cough. No weight loss.

        ASSESSMENT: Former smoker. Eligible for lung cancer screening.

        PLAN: Low-dose CT chest ordered.
        """, gender="male", birth="1961-04-22",
        codes=["Z87.891"], traps=["screening for lung cancer", "no cough"])

    # ------------------------------------------------------------------ radiology
    c = "rad-01-tension-pneumothorax"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Acute dyspnea after central line placement.

        FINDINGS: Large left pneumothorax with mediastinal shift to the right. No pleural effusion. Right lung clear.

        IMPRESSION: Large left tension pneumothorax. Findings called to the ordering physician at 13:50.
        """, "Large left tension pneumothorax.", codes=["J93.0"], critical=["pneumothorax"],
        traps=["no pleural effusion"])

    c = "rad-02-no-pneumothorax"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Status post line placement, rule out pneumothorax.

        FINDINGS: Right internal jugular catheter tip in the superior vena cava. No pneumothorax. No pleural effusion. Heart size normal.

        IMPRESSION: Right internal jugular catheter in good position. No pneumothorax.
        """, "Right internal jugular catheter in good position. No pneumothorax.",
        traps=["rule out pneumothorax", "no pneumothorax"])

    c = "rad-03-saddle-pe"
    report_case(c, "CT angiography chest", "24627-2", """
        INDICATION: Shortness of breath and tachycardia, rule out PE.

        FINDINGS: Saddle embolus at the bifurcation of the main pulmonary artery extending into both lower lobe arteries. RV to LV ratio 0.9. No pleural effusion. No consolidation.

        IMPRESSION: Saddle pulmonary embolism without CT evidence of right heart strain. Critical result called to the emergency physician.
        """, "Saddle pulmonary embolism without CT evidence of right heart strain.",
        codes=["I26.92"], critical=["pulmonary-embolism"], traps=["rule out PE (in the indication)"])

    c = "rad-04-pe-negative"
    report_case(c, "CT angiography chest", "24627-2", """
        INDICATION: Pleuritic chest pain, rule out pulmonary embolism. Mother had pulmonary embolism.

        FINDINGS: Adequate opacification of the pulmonary arteries. No filling defect. Mild dependent atelectasis. No pneumothorax.

        IMPRESSION: No evidence of pulmonary embolism. Mild dependent atelectasis.
        """, "No evidence of pulmonary embolism. Mild dependent atelectasis.",
        codes=["J98.11"], traps=["rule out pulmonary embolism", "mother had pulmonary embolism", "no pneumothorax"])

    c = "rad-05-subdural"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: Fall on anticoagulation, headache.

        FINDINGS: Acute subdural hematoma along the left convexity measuring 8 mm with 4 mm of midline shift. No skull fracture. Ventricles otherwise normal.

        IMPRESSION: Acute left convexity subdural hematoma with 4 mm midline shift. Neurosurgery notified.
        """, "Acute left convexity subdural hematoma with 4 mm midline shift.",
        codes=["I62.01"], critical=["intracranial-hemorrhage"])

    c = "rad-06-normal-head-no-impression"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: Dizziness.

        FINDINGS: No intracranial hemorrhage, mass effect or midline shift. Gray-white differentiation is preserved. Ventricles and sulci are normal for age. The visualized paranasal sinuses are clear.
        """, "No intracranial hemorrhage, mass effect or midline shift.",
        traps=["report without an IMPRESSION", "no intracranial hemorrhage"])

    c = "rad-07-free-air-no-impression"
    report_case(c, "CT abdomen and pelvis", "30630-8", """
        INDICATION: Severe abdominal pain.

        FINDINGS: Moderate pneumoperitoneum is present in the upper abdomen. Extraluminal gas and fluid adjacent to the sigmoid colon at a site of bowel perforation. The liver, spleen and kidneys are unremarkable.
        """, "Moderate pneumoperitoneum with extraluminal gas and fluid adjacent to the sigmoid colon at a site of bowel perforation.",
        codes=["K63.1"], critical=["pneumoperitoneum", "bowel-perforation"], traps=["report without an IMPRESSION"])

    c = "rad-08-ascending-dissection"
    report_case(c, "CT angiography chest", "24627-2", """
        INDICATION: Tearing chest pain radiating to the back. Father died of aortic dissection.

        FINDINGS: Intimal flap in the ascending aorta extending to the arch. Dissection of the ascending aorta involves the aortic root. No pericardial effusion.

        IMPRESSION: Stanford type A dissection of the ascending aorta. Findings discussed with the cardiothoracic surgeon at 02:10.
        """, "Stanford type A dissection of the ascending aorta.",
        codes=["I71.010"], critical=["aortic-dissection"], traps=["father died of aortic dissection"])

    c = "rad-09-possible-infiltrate"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Cough and fever.

        FINDINGS: Possible early infiltrate at the left lung base. No pleural effusion. No pneumothorax. Heart size normal.

        IMPRESSION: Possible early infiltrate at the left base; pneumonia is not excluded. Follow-up radiograph recommended.
        """, "Possible early infiltrate at the left base; pneumonia is not excluded. Follow-up radiograph recommended.",
        traps=["possible early infiltrate", "pneumonia not excluded (uncertain)"])

    c = "rad-10-lobar-pneumonia"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Fever and productive cough.

        FINDINGS: Dense consolidation of the right lower lobe with air bronchograms. No pleural effusion. No pneumothorax.

        IMPRESSION: Right lower lobe pneumonia.
        """, "Right lower lobe pneumonia.",
        codes=["J18.9"], traps=["no pneumothorax"])

    c = "rad-11-cord-compression"
    report_case(c, "MRI thoracic spine", "30687-8", """
        INDICATION: Back pain and leg weakness.

        FINDINGS: Osseous metastases at T6 and T9. Epidural tumor at T6 causes severe compression of the spinal cord with cord signal change. No fracture.

        IMPRESSION: Osseous metastases with epidural extension at T6 causing severe compression of the spinal cord. Findings discussed with the oncology team.
        """, "Osseous metastases with epidural extension at T6 causing severe compression of the spinal cord.",
        codes=["C79.51", "G95.20"], critical=["cord-compression"])

    c = "rad-12-kidney-stone-no-impression"
    report_case(c, "CT abdomen and pelvis", "30630-8", """
        INDICATION: Right flank pain.

        FINDINGS: 6 mm calculus in the right proximal ureter with moderate right hydronephrosis. Two nonobstructing left renal calculi. No free air. Appendix normal.
        """, "6 mm right proximal ureteral calculus with moderate hydronephrosis. Nonobstructing left renal calculi.",
        codes=["N13.2", "N20.0"], traps=["report without an IMPRESSION", "no free air"])

    c = "rad-13-cholecystitis"
    report_case(c, "Ultrasound abdomen", "24558-9", """
        INDICATION: Right upper quadrant pain and fever.

        FINDINGS: Gallbladder distended with wall thickening to 5 mm, pericholecystic fluid and multiple gallstones. Positive sonographic Murphy sign. Common bile duct 4 mm.

        IMPRESSION: Acute calculous cholecystitis.
        """, "Acute calculous cholecystitis.", codes=["K80.00"])

    c = "rad-14-diverticulitis-conclusion-only"
    report_case(c, "CT abdomen and pelvis", "30630-8", """
        INDICATION: Left lower quadrant pain.

        FINDINGS: Wall thickening and pericolonic fat stranding of the sigmoid colon with diverticula. No abscess. No extraluminal air.
        """, "Acute uncomplicated sigmoid diverticulitis without abscess or perforation.",
        codes=["K57.32"], conclusion="Acute uncomplicated sigmoid diverticulitis without abscess or perforation.",
        traps=["no extraluminal air", "impression only in the conclusion"])

    c = "rad-15-sbo"
    report_case(c, "CT abdomen and pelvis", "30630-8", """
        INDICATION: Vomiting and distension, history of appendectomy.

        FINDINGS: Dilated small bowel loops to 4 cm with a transition point in the right lower quadrant. Collapsed distal ileum and colon. No free air. No pneumatosis.

        IMPRESSION: Small bowel obstruction with a transition point in the right lower quadrant, likely adhesive. No free air.
        """, "Small bowel obstruction with a transition point in the right lower quadrant, likely adhesive. No free air.",
        codes=["K56.609"], traps=["history of appendectomy", "no free air"])

    c = "rad-16-stroke"
    report_case(c, "MRI brain", "24590-2", """
        INDICATION: Acute right arm weakness.

        FINDINGS: Restricted diffusion in the left MCA territory consistent with acute infarct. No intracranial hemorrhage. No mass.

        IMPRESSION: Acute left MCA territory cerebral infarction. No hemorrhage.
        """, "Acute left MCA territory cerebral infarction. No hemorrhage.",
        codes=["I63.9"], traps=["no intracranial hemorrhage"])

    c = "rad-17-nodule-cardiomegaly"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Preoperative evaluation.

        FINDINGS: Cardiomegaly. A 9 mm solitary pulmonary nodule in the right upper lobe. No pneumothorax. No pleural effusion.

        IMPRESSION: 1. Cardiomegaly. 2. Solitary pulmonary nodule in the right upper lobe; CT chest recommended.
        """, "Cardiomegaly. Solitary pulmonary nodule in the right upper lobe; CT chest recommended.",
        codes=["I51.7", "R91.1"], traps=["no pneumothorax"])

    c = "rad-18-resolved-pneumothorax"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Follow-up of pneumothorax.

        FINDINGS: The previously seen right pneumothorax has resolved. Chest tube removed. Mild right basilar atelectasis.

        IMPRESSION: Resolved right pneumothorax. Mild right basilar atelectasis.
        """, "Resolved right pneumothorax. Mild right basilar atelectasis.",
        codes=["J98.11"], traps=["previously seen pneumothorax has resolved", "resolved right pneumothorax"])

    c = "rad-19-subarachnoid-no-impression"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: Worst headache of life.

        FINDINGS: Acute subarachnoid hemorrhage in the basal cisterns and bilateral sylvian fissures. Mild hydrocephalus. No midline shift.
        """, "Acute subarachnoid hemorrhage in the basal cisterns with mild hydrocephalus.",
        codes=["I60.9", "G91.9"], critical=["intracranial-hemorrhage"], traps=["report without an IMPRESSION"])


    # Specificity (laterality and acuity), written with the codes that support it: tuning cases.
    c = "enc-29-left-knee-oa-acute-on-chronic-hf"
    encounter_case(c, "Office visit", "Leg swelling", """
        HPI: 77-year-old woman with heart failure with preserved ejection fraction, two weeks of worsening leg swelling and orthopnea. Osteoarthritis of the left knee limits walking. History of pneumonia last winter.

        EXAM: Bilateral pitting edema to the knees. Crackles at both bases.

        ASSESSMENT: Acute on chronic diastolic heart failure. Primary osteoarthritis of the left knee.

        PLAN: Increase furosemide to 40 mg twice daily. Daily weights. Return in one week.
        """, birth="1948-04-09",
        codes=["I50.33", "M17.12"], traps=["history of pneumonia", "edema integral to heart failure"])

    c = "enc-30-llq-pain-bilateral-knees"
    encounter_case(c, "Office visit", "Abdominal pain", """
        HPI: 59-year-old man with left lower quadrant pain for three days, no fever. Bilateral knee osteoarthritis, stable. H/o diverticulitis in 2022.

        ASSESSMENT: Left lower quadrant pain. Bilateral knee osteoarthritis.

        PLAN: CBC and CT abdomen and pelvis. Return if fever develops.
        """, gender="male", birth="1966-01-21",
        codes=["R10.32", "M17.0"], traps=["h/o diverticulitis", "no fever", "return if fever develops"])


    # ------------------------------------------------------------------ held out
    # Written after the engine was tuned on the cases above and never used to change it: the benchmark reports them
    # apart, as the estimate of how the engine does on text it was not fitted to.
    c = "enc-23-htn-ckd3b"
    encounter_case(c, "Office visit", "Blood pressure follow-up", """
        HPI: 68-year-old woman with hypertension and CKD stage 3b. History of pneumonia in 2021. Denies dysuria. Home readings 150s over 90s.

        ASSESSMENT: Hypertension with chronic kidney disease stage 3b, blood pressure above goal.

        PLAN: Add amlodipine 5 mg daily. Renal panel in 4 weeks.
        """, birth="1957-02-11",
        codes=["I12.9", "N18.32"], traps=["history of pneumonia in 2021", "denies dysuria"], split="held-out")

    c = "enc-24-reflux-evaluate-anemia"
    encounter_case(c, "Office visit", "Heartburn", """
        HPI: 44-year-old man with epigastric burning after meals for two months, worse lying down, consistent with acid reflux. Brother has Crohn's disease. No weight loss.

        ASSESSMENT: Gastroesophageal reflux disease. Check CBC to evaluate for anemia.

        PLAN: Omeprazole 20 mg daily before breakfast. Avoid late meals.
        """, gender="male", birth="1981-08-30",
        codes=["K21.9"], traps=["brother has Crohn's disease", "evaluate for anemia"], split="held-out")

    c = "enc-25-new-afib"
    encounter_case(c, "Office visit", "Palpitations", """
        HPI: 70-year-old man with palpitations since yesterday. ECG today shows atrial fibrillation with a rate of 112. No chest pain. He has hyperlipidemia on a statin.

        ASSESSMENT: Atrial fibrillation, new onset. Hyperlipidemia.

        PLAN: Start metoprolol 25 mg twice daily. Start apixaban 5 mg twice daily. Echocardiogram.
        """, gender="male", birth="1955-05-25",
        codes=["I48.91", "E78.5"], traps=["no chest pain"], split="held-out")

    c = "enc-26-migraine-possible-depression"
    encounter_case(c, "Neurology visit", "Headaches", """
        HPI: 36-year-old woman with migraine, four attacks a month. Sleep is poor and mood is low; possible depression. Her father had a stroke.

        ASSESSMENT: Migraine, not intractable. Possible depression, screening questionnaire to be completed.

        PLAN: Start topiramate 25 mg nightly. PHQ-9 at next visit.
        """, birth="1989-12-03",
        codes=["G43.909"], traps=["possible depression", "father had a stroke"], split="held-out")

    c = "rad-20-apical-pneumothorax"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Chest pain after a coughing fit.

        FINDINGS: Small left apical pneumothorax, new since the prior study. No pleural effusion. No consolidation.

        IMPRESSION: 1. Small left apical pneumothorax. 2. No pleural effusion.
        """, "Small left apical pneumothorax. No pleural effusion.",
        codes=["J93.9"], critical=["pneumothorax"], traps=["no pleural effusion"], split="held-out")

    c = "rad-21-segmental-pe-no-impression"
    report_case(c, "CT angiography chest", "24627-2", """
        INDICATION: Hypoxia.

        FINDINGS: Acute pulmonary emboli in the right lower lobe segmental arteries. No right heart strain. No pleural effusion. Lungs otherwise clear.
        """, "Acute right lower lobe segmental pulmonary emboli without right heart strain.",
        codes=["I26.99"], critical=["pulmonary-embolism"], traps=["report without an IMPRESSION"], split="held-out")

    c = "rad-22-normal-chest"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Cough.

        FINDINGS: The lungs are clear. No focal consolidation, pleural effusion or pneumothorax. Heart size normal.

        IMPRESSION: No acute cardiopulmonary process.
        """, "No acute cardiopulmonary process.",
        traps=["no pneumothorax in a list"], split="held-out")

    c = "rad-23-resolved-subdural"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: History of subdural hematoma, follow-up.

        FINDINGS: Interval resolution of the previously seen left subdural hematoma. No new hemorrhage. No midline shift.

        IMPRESSION: Resolved left subdural hematoma. No acute intracranial abnormality.
        """, "Resolved left subdural hematoma. No acute intracranial abnormality.",
        traps=["resolved subdural hematoma", "previously seen"], split="held-out")

    # ------------------------------------------------------------------ held out, second round
    # Written before the history-of, impression and length-budget work and never used to tune it; their first
    # (untuned) scores are in the README.
    c = "enc-27-history-of-mi-pe"
    encounter_case(c, "Office visit", "Annual follow-up", """
        HPI: 71-year-old man for routine follow-up. History of MI in 2019, s/p CABG. H/o PE in 2020, anticoagulation completed. History of hypertension, on lisinopril. No chest pain or dyspnea.

        ASSESSMENT: Essential hypertension, well controlled. Hyperlipidemia.

        PLAN: Continue lisinopril 10 mg daily. Continue atorvastatin 40 mg daily. Lipid panel before next visit.
        """, gender="male", birth="1954-10-02",
        codes=["I10", "E78.5"], traps=["history of MI", "h/o PE", "s/p CABG", "history of hypertension (chronic, coded)"], split="held-out")

    c = "enc-28-hx-stroke-diabetes"
    encounter_case(c, "Office visit", "Diabetes follow-up", """
        HPI: 63-year-old woman with type 2 diabetes. Hx of ischemic stroke in 2018 without residual deficit. Remote history of pneumonia. A1c today 7.1%. Denies polyuria.

        ASSESSMENT: Type 2 diabetes mellitus without complications, at goal.

        PLAN: Continue metformin 500 mg twice daily. Return in 6 months.
        """, birth="1962-06-17",
        codes=["E11.9"], traps=["hx of ischemic stroke", "remote history of pneumonia"], split="held-out")

    c = "rad-24-effusion-no-impression"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Shortness of breath.

        FINDINGS: The heart size is normal. There is a moderate right pleural effusion with adjacent compressive atelectasis. No pneumothorax. The osseous structures are unremarkable.
        """, "Moderate right pleural effusion with adjacent compressive atelectasis.",
        codes=["J90", "J98.11"], traps=["report without an IMPRESSION", "normal boilerplate first"], split="held-out")

    c = "rad-25-subdural-shift-no-impression"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: Fall on anticoagulation.

        FINDINGS: The ventricles are normal in size. There is an acute left subdural hematoma measuring 8 mm with 3 mm of rightward midline shift. No skull fracture. The paranasal sinuses are clear.
        """, "Acute left subdural hematoma measuring 8 mm with 3 mm of rightward midline shift.",
        codes=["I62.01"], critical=["intracranial-hemorrhage"], traps=["report without an IMPRESSION", "normal boilerplate first"], split="held-out")

    c = "rad-26-bilateral-effusions-no-impression"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Edema.

        FINDINGS: Cardiomegaly. Small right pleural effusion. Small left pleural effusion. No pneumothorax. No focal consolidation.
        """, "Cardiomegaly with small bilateral pleural effusions.",
        codes=["I51.7", "J90"], traps=["report without an IMPRESSION", "left and right findings"], split="held-out")


    # ------------------------------------------------------------------ held out, third round
    # Written after all of this round's changes and scored once, untuned: the cleanest estimate in the set.
    c = "enc-31-hx-dvt-copd"
    encounter_case(c, "Pulmonary clinic visit", "Breathing follow-up", """
        HPI: 69-year-old woman with COPD, breathing at baseline. Hx of DVT of the left leg in 2017, treated for six months. History of hypothyroidism on levothyroxine. Former smoker, quit 2015. Denies hemoptysis.

        ASSESSMENT: COPD, stable. Hypothyroidism.

        PLAN: Continue tiotropium daily. TSH today. Return in 6 months.
        """, birth="1956-09-14",
        codes=["J44.9", "E03.9", "Z87.891"], traps=["hx of DVT", "history of hypothyroidism (chronic, coded)", "denies hemoptysis"], split="held-out")

    c = "enc-32-s-p-cholecystectomy-ruq"
    encounter_case(c, "Office visit", "Abdominal pain", """
        HPI: 51-year-old man s/p cholecystectomy for acute cholecystitis in 2019, now with two weeks of heartburn after meals. No vomiting. Mother had colon cancer.

        ASSESSMENT: Gastroesophageal reflux disease. Obesity.

        PLAN: Start pantoprazole 40 mg daily. Weight loss counseling.
        """, gender="male", birth="1974-11-02",
        codes=["K21.9", "E66.9"], traps=["s/p cholecystectomy for acute cholecystitis", "mother had colon cancer", "no vomiting"], split="held-out")

    c = "rad-27-pneumothorax-no-impression"
    report_case(c, "Chest X-ray", "36643-5", """
        INDICATION: Status post central line placement.

        FINDINGS: The cardiomediastinal silhouette is within normal limits. There is a small right apical pneumothorax. Right internal jugular catheter tip in the superior vena cava. No pleural effusion.
        """, "Small right apical pneumothorax. Right internal jugular catheter tip in the superior vena cava.",
        codes=["J93.9"], critical=["pneumothorax"], traps=["report without an IMPRESSION", "status post central line"], split="held-out")

    c = "rad-28-hemorrhage-history-no-impression"
    report_case(c, "CT head without contrast", "30799-1", """
        INDICATION: Headache. History of subarachnoid hemorrhage in 2015.

        FINDINGS: No acute intracranial hemorrhage. Chronic encephalomalacia in the right frontal lobe. The ventricles are normal in size. The mastoid air cells are clear.
        """, "No acute intracranial hemorrhage. Chronic right frontal encephalomalacia.",
        traps=["report without an IMPRESSION", "history of subarachnoid hemorrhage"], split="held-out")


if __name__ == "__main__":
    main()
