INSERT INTO monitoring_workflows (workflow_id, sex, age_band, language, race, ethnicity)
VALUES (@WorkflowId, @Sex, @AgeBand, @Language, @Race, @Ethnicity)
ON CONFLICT (workflow_id) DO UPDATE SET
    sex = excluded.sex, age_band = excluded.age_band, language = excluded.language, race = excluded.race, ethnicity = excluded.ethnicity
