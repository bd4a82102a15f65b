SELECT DISTINCT r.resource_type AS ResourceType, r.resource_id AS Id, r.version_id AS VersionId, r.last_updated AS LastUpdated,
       r.is_deleted AS IsDeleted, r.json AS Json
FROM search_index s
JOIN resources r ON r.resource_type = s.resource_type AND r.resource_id = s.resource_id
WHERE s.resource_type = @SourceType AND s.param = @Param AND s.system = @TargetType AND s.value IN @Ids AND r.is_deleted = 0;
