DELETE FROM search_index WHERE resource_type = @ResourceType AND resource_id = @Id;
