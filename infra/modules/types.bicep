// Types shared by the modules.

@export()
@description('Resource tags: string values only.')
type Tags = { *: string }
