-- A small fake of the Roblox engine, enough to run the generated scripts in LuaJ and watch what
-- they do: instances with properties, children and events, the services the scripts use, remote
-- events that copy their arguments like the network does, a DataStore that can be told to fail or
-- to run out of request budget, and a stepped scheduler (task.wait/spawn/delay) driven by the
-- test: nothing sleeps, time passes only in W.advance(seconds).
local Fake = {}

local unpack = table.unpack or unpack

local DATA = {}

local function isInstance(value)
	return type(value) == "table" and DATA[value] ~= nil
end

-- what a RemoteEvent or BindableEvent delivers: tables copied, instances kept, functions refused
local function copy(value, seen)
	if type(value) == "function" or type(value) == "thread" then
		error("cannot send a " .. type(value) .. " through an event", 3)
	end
	if type(value) ~= "table" or isInstance(value) or getmetatable(value) ~= nil then
		return value
	end
	seen = seen or {}
	if seen[value] then
		return seen[value]
	end
	local out = {}
	seen[value] = out
	for k, v in pairs(value) do
		out[copy(k, seen)] = copy(v, seen)
	end
	return out
end
Fake.copy = copy

function Fake.new(base)
	local W = { clock = 0, warnings = {}, errors = {}, printed = {}, closeHandlers = {} }
	local env = setmetatable({}, { __index = base })
	W.env = env

	-- the scheduler ---------------------------------------------------------------------------
	local sleeping = {}
	local order = 0

	local function resume(co, ...)
		local ok, err = coroutine.resume(co, ...)
		if not ok then
			table.insert(W.errors, tostring(err))
		end
	end

	local function spawn(fn, ...)
		local co = coroutine.create(fn)
		resume(co, ...)
		return co
	end
	W.spawn = spawn

	local function sleep(co, seconds, fn, args)
		order = order + 1
		table.insert(sleeping, { co = co, wake = W.clock + seconds, order = order, fn = fn, args = args,
			started = W.clock })
	end

	local function wait(seconds)
		seconds = math.max(tonumber(seconds) or 0, 1 / 60)
		local co = coroutine.running()
		sleep(co, seconds)
		return coroutine.yield()
	end

	-- runs everything due within the next `seconds`, in time order
	function W.advance(seconds)
		local target = W.clock + seconds
		while true do
			local nextIndex = nil
			for index, entry in ipairs(sleeping) do
				if entry.wake <= target then
					local best = nextIndex and sleeping[nextIndex]
					if not best or entry.wake < best.wake or (entry.wake == best.wake and entry.order < best.order) then
						nextIndex = index
					end
				end
			end
			if not nextIndex then
				break
			end
			local entry = table.remove(sleeping, nextIndex)
			if entry.wake > W.clock then
				W.clock = entry.wake
			end
			if entry.fn then
				spawn(entry.fn, unpack(entry.args, 1, entry.args.n))
			else
				resume(entry.co, W.clock - entry.started)
			end
		end
		W.clock = target
	end

	function W.sleepers()
		return #sleeping
	end

	env.task = {
		wait = wait,
		spawn = function(fn, ...)
			return spawn(fn, ...)
		end,
		defer = function(fn, ...)
			sleep(nil, 0, fn, table.pack(...))
		end,
		delay = function(seconds, fn, ...)
			sleep(nil, math.max(tonumber(seconds) or 0, 0), fn, table.pack(...))
		end,
	}
	env.wait = wait
	env.warn = function(...)
		local parts = {}
		for i = 1, select("#", ...) do
			parts[i] = tostring((select(i, ...)))
		end
		table.insert(W.warnings, table.concat(parts, " "))
	end
	env.print = function(...)
		local parts = {}
		for i = 1, select("#", ...) do
			parts[i] = tostring((select(i, ...)))
		end
		table.insert(W.printed, table.concat(parts, " "))
	end
	env.tick = function()
		return W.clock
	end
	env.time = env.tick

	-- data types ------------------------------------------------------------------------------
	local Vector3 = {}
	local V3 = {}
	V3.__index = function(v, key)
		if key == "Magnitude" then
			return math.sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z)
		elseif key == "Unit" then
			local m = math.sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z)
			return Vector3.new(v.X / m, v.Y / m, v.Z / m)
		end
		return nil
	end
	V3.__add = function(a, b)
		return Vector3.new(a.X + b.X, a.Y + b.Y, a.Z + b.Z)
	end
	V3.__sub = function(a, b)
		return Vector3.new(a.X - b.X, a.Y - b.Y, a.Z - b.Z)
	end
	V3.__mul = function(a, b)
		if type(a) == "number" then
			return Vector3.new(a * b.X, a * b.Y, a * b.Z)
		elseif type(b) == "number" then
			return Vector3.new(a.X * b, a.Y * b, a.Z * b)
		end
		return Vector3.new(a.X * b.X, a.Y * b.Y, a.Z * b.Z)
	end
	V3.__div = function(a, b)
		return Vector3.new(a.X / b, a.Y / b, a.Z / b)
	end
	V3.__eq = function(a, b)
		return a.X == b.X and a.Y == b.Y and a.Z == b.Z
	end
	V3.__tostring = function(v)
		return v.X .. ", " .. v.Y .. ", " .. v.Z
	end
	function Vector3.new(x, y, z)
		return setmetatable({ X = x or 0, Y = y or 0, Z = z or 0, kind = "Vector3" }, V3)
	end
	Vector3.zero = Vector3.new(0, 0, 0)
	env.Vector3 = Vector3

	local CFrame = {}
	local CF = {}
	CF.__index = function(cf, key)
		if key == "X" then
			return cf.Position.X
		elseif key == "Y" then
			return cf.Position.Y
		elseif key == "Z" then
			return cf.Position.Z
		end
		return nil
	end
	CF.__add = function(cf, v)
		return setmetatable({ Position = cf.Position + v, LookVector = cf.LookVector, kind = "CFrame" }, CF)
	end
	function CFrame.new(x, y, z)
		local position = x
		if type(x) == "number" then
			position = Vector3.new(x, y, z)
		end
		position = position or Vector3.new(0, 0, 0)
		return setmetatable({ Position = position, LookVector = Vector3.new(0, 0, -1), kind = "CFrame" }, CF)
	end
	function CFrame.lookAt(at, target)
		local d = target - at
		return setmetatable({ Position = at, LookVector = d.Unit, kind = "CFrame" }, CF)
	end
	env.CFrame = CFrame

	env.Color3 = {
		new = function(r, g, b)
			return { R = r or 0, G = g or 0, B = b or 0, kind = "Color3" }
		end,
		fromRGB = function(r, g, b)
			return { R = (r or 0) / 255, G = (g or 0) / 255, B = (b or 0) / 255, kind = "Color3" }
		end,
	}
	env.UDim = {
		new = function(scale, offset)
			return { Scale = scale or 0, Offset = offset or 0, kind = "UDim" }
		end,
	}
	env.UDim2 = {
		new = function(xs, xo, ys, yo)
			return { X = { Scale = xs or 0, Offset = xo or 0 }, Y = { Scale = ys or 0, Offset = yo or 0 }, kind = "UDim2" }
		end,
		fromScale = function(xs, ys)
			return { X = { Scale = xs, Offset = 0 }, Y = { Scale = ys, Offset = 0 }, kind = "UDim2" }
		end,
		fromOffset = function(xo, yo)
			return { X = { Scale = 0, Offset = xo }, Y = { Scale = 0, Offset = yo }, kind = "UDim2" }
		end,
	}
	env.Vector2 = {
		new = function(x, y)
			return { X = x or 0, Y = y or 0, kind = "Vector2" }
		end,
	}

	local enums = {}
	env.Enum = setmetatable({}, {
		__index = function(_, enumType)
			enums[enumType] = enums[enumType] or setmetatable({}, {
				__index = function(items, name)
					local item = setmetatable({ EnumType = enumType, Name = name }, {
						__tostring = function()
							return "Enum." .. enumType .. "." .. name
						end,
					})
					rawset(items, name, item)
					return item
				end,
			})
			return enums[enumType]
		end,
	})

	-- signals ---------------------------------------------------------------------------------
	local Signal = {}
	Signal.__index = Signal
	local function newSignal()
		return setmetatable({ handlers = {}, waiting = {} }, Signal)
	end
	function Signal:Connect(fn)
		local connection = { Connected = true }
		connection.fn = fn
		function connection.Disconnect(c)
			c.Connected = false
		end
		table.insert(self.handlers, connection)
		return connection
	end
	function Signal:Once(fn)
		local connection
		connection = self:Connect(function(...)
			connection:Disconnect()
			fn(...)
		end)
		return connection
	end
	function Signal:Wait()
		table.insert(self.waiting, coroutine.running())
		return coroutine.yield()
	end
	function Signal:Fire(...)
		local handlers = {}
		for i, c in ipairs(self.handlers) do
			handlers[i] = c
		end
		for _, c in ipairs(handlers) do
			if c.Connected then
				spawn(c.fn, ...)
			end
		end
		local waiting = self.waiting
		self.waiting = {}
		for _, co in ipairs(waiting) do
			resume(co, ...)
		end
	end
	function Signal:count()
		local n = 0
		for _, c in ipairs(self.handlers) do
			if c.Connected then
				n = n + 1
			end
		end
		return n
	end

	-- instances -------------------------------------------------------------------------------
	local SIGNALS = { Touched = true, Triggered = true, MouseButton1Click = true, Activated = true,
		OnServerEvent = true, OnClientEvent = true, Event = true, PlayerAdded = true, PlayerRemoving = true,
		CharacterAdded = true, CharacterRemoving = true, ChildAdded = true, ChildRemoved = true, Changed = true,
		FocusLost = true, AncestryChanged = true, DescendantAdded = true }
	local SUPER = { Part = "BasePart", SpawnLocation = "Part", MeshPart = "BasePart", BasePart = "PVInstance",
		Model = "PVInstance", TextLabel = "GuiObject", TextButton = "GuiButton", ImageButton = "GuiButton",
		GuiButton = "GuiObject", TextBox = "GuiObject", Frame = "GuiObject", ScrollingFrame = "GuiObject",
		ImageLabel = "GuiObject", ScreenGui = "LayerCollector", BillboardGui = "LayerCollector",
		SurfaceGui = "LayerCollector", Script = "BaseScript", LocalScript = "Script" }

	local methods = {}
	local classMethods = {}

	local function data(instance)
		return DATA[instance]
	end

	local Instance_mt = {}
	Instance_mt.__index = function(instance, key)
		local d = data(instance)
		if key == "Parent" then
			return d.parent
		elseif key == "ClassName" then
			return d.className
		end
		local own = classMethods[d.className]
		if own and own[key] then
			return own[key]
		end
		if methods[key] then
			return methods[key]
		end
		local value = d.props[key]
		if value ~= nil then
			return value
		end
		if SIGNALS[key] then
			d.signals[key] = d.signals[key] or newSignal()
			return d.signals[key]
		end
		for _, child in ipairs(d.children) do
			if data(child).props.Name == key then
				return child
			end
		end
		return nil
	end
	Instance_mt.__tostring = function(instance)
		return data(instance).props.Name
	end

	local function setParent(instance, parent)
		local d = data(instance)
		if d.parent == parent then
			return
		end
		if d.parent then
			local siblings = data(d.parent).children
			for i, child in ipairs(siblings) do
				if child == instance then
					table.remove(siblings, i)
					break
				end
			end
		end
		d.parent = parent
		if parent then
			table.insert(data(parent).children, instance)
			local ps = data(parent).signals
			if ps.ChildAdded then
				ps.ChildAdded:Fire(instance)
			end
		end
	end

	Instance_mt.__newindex = function(instance, key, value)
		local d = data(instance)
		if key == "Parent" then
			setParent(instance, value)
			return
		end
		if key == "ClassName" then
			error("ClassName is read-only", 2)
		end
		if key == "Position" and value and value.kind == "Vector3" and d.props.CFrame then
			d.props.CFrame = CFrame.new(value)
		elseif key == "CFrame" and value and value.kind == "CFrame" then
			d.props.Position = value.Position
		end
		local old = d.props[key]
		d.props[key] = value
		if old ~= value and d.changed and d.changed[key] then
			d.changed[key]:Fire()
		end
	end

	local function new(className, props)
		local instance = setmetatable({}, Instance_mt)
		DATA[instance] = { className = className, props = { Name = className }, children = {}, signals = {},
			attributes = {} }
		for k, v in pairs(props or {}) do
			if k ~= "Parent" then
				instance[k] = v
			end
		end
		if className == "Part" or className == "SpawnLocation" then
			local p = data(instance).props
			p.Size = p.Size or Vector3.new(4, 1, 2)
			p.Position = p.Position or Vector3.new(0, 0, 0)
			p.CFrame = p.CFrame or CFrame.new(p.Position)
			p.Anchored = p.Anchored or false
		end
		if props and props.Parent then
			instance.Parent = props.Parent
		end
		return instance
	end
	W.new = new
	W.isInstance = isInstance

	function methods.FindFirstChild(self, name, recursive)
		for _, child in ipairs(data(self).children) do
			if data(child).props.Name == name then
				return child
			end
		end
		if recursive then
			for _, child in ipairs(data(self).children) do
				local found = child:FindFirstChild(name, true)
				if found then
					return found
				end
			end
		end
		return nil
	end
	function methods.WaitForChild(self, name, timeout)
		local waited = 0
		while true do
			local child = self:FindFirstChild(name)
			if child then
				return child
			end
			if timeout and waited >= timeout then
				return nil
			end
			waited = waited + wait(0.1)
		end
	end
	function methods.GetChildren(self)
		local out = {}
		for i, child in ipairs(data(self).children) do
			out[i] = child
		end
		return out
	end
	function methods.GetDescendants(self)
		local out = {}
		local function walk(instance)
			for _, child in ipairs(data(instance).children) do
				table.insert(out, child)
				walk(child)
			end
		end
		walk(self)
		return out
	end
	function methods.IsA(self, className)
		local c = data(self).className
		while c do
			if c == className or className == "Instance" then
				return true
			end
			c = SUPER[c]
		end
		return false
	end
	function methods.FindFirstChildWhichIsA(self, className, recursive)
		local list = recursive and self:GetDescendants() or self:GetChildren()
		for _, child in ipairs(list) do
			if child:IsA(className) then
				return child
			end
		end
		return nil
	end
	function methods.FindFirstChildOfClass(self, className)
		for _, child in ipairs(data(self).children) do
			if data(child).className == className then
				return child
			end
		end
		return nil
	end
	function methods.Destroy(self)
		setParent(self, nil)
		data(self).destroyed = true
	end
	function methods.ClearAllChildren(self)
		for _, child in ipairs(self:GetChildren()) do
			child:Destroy()
		end
	end
	function methods.SetAttribute(self, name, value)
		local d = data(self)
		local before = d.attributes[name]
		d.attributes[name] = value
		if before ~= value and d.attributeChanged and d.attributeChanged[name] then
			d.attributeChanged[name]:Fire()
		end
	end
	function methods.GetAttributeChangedSignal(self, name)
		local d = data(self)
		d.attributeChanged = d.attributeChanged or {}
		d.attributeChanged[name] = d.attributeChanged[name] or newSignal()
		return d.attributeChanged[name]
	end
	function methods.GetAttribute(self, name)
		return data(self).attributes[name]
	end
	function methods.GetPropertyChangedSignal(self, key)
		local d = data(self)
		d.changed = d.changed or {}
		d.changed[key] = d.changed[key] or newSignal()
		return d.changed[key]
	end
	function methods.PivotTo(self, cframe)
		data(self).props.pivot = cframe
		local root = self:FindFirstChild("HumanoidRootPart")
		if root then
			root.CFrame = cframe
		end
	end
	function methods.GetPivot(self)
		return data(self).props.pivot or data(self).props.CFrame
	end
	function methods.IsDescendantOf(self, ancestor)
		local p = data(self).parent
		while p do
			if p == ancestor then
				return true
			end
			p = data(p).parent
		end
		return false
	end

	env.Instance = {
		new = function(className, parent)
			local instance = new(className)
			if parent then
				instance.Parent = parent
			end
			return instance
		end,
	}

	-- the data model and its services ---------------------------------------------------------
	local game = new("DataModel", { Name = "Game" })
	local services = {}
	local function service(className)
		if not services[className] then
			services[className] = new(className, { Name = className, Parent = game })
		end
		return services[className]
	end
	classMethods.DataModel = {
		GetService = function(_, className)
			return service(className)
		end,
		BindToClose = function(_, fn)
			table.insert(W.closeHandlers, fn)
		end,
	}
	game.CreatorId = 0
	game.CreatorType = env.Enum.CreatorType.User
	game.PlaceId = 0
	env.game = game
	local workspace = service("Workspace")
	env.workspace = workspace
	W.game = game
	W.workspace = workspace
	W.service = service

	-- events that cross the network copy their arguments
	W.toClients = {}
	W.toServer = {}
	classMethods.RemoteEvent = {
		FireClient = function(remote, player, ...)
			assert(isInstance(player) and data(player).className == "Player", "FireClient needs a Player")
			local args = table.pack(...)
			for i = 1, args.n do
				args[i] = copy(args[i])
			end
			table.insert(W.toClients, { remote = data(remote).props.Name, player = player, args = args })
			if W.deliverToClients then
				remote.OnClientEvent:Fire(unpack(args, 1, args.n))
			end
		end,
		FireAllClients = function(remote, ...)
			for _, player in ipairs(service("Players"):GetPlayers()) do
				remote:FireClient(player, ...)
			end
		end,
		FireServer = function(remote, ...)
			local args = table.pack(...)
			for i = 1, args.n do
				args[i] = copy(args[i])
			end
			table.insert(W.toServer, { remote = data(remote).props.Name, args = args })
		end,
	}
	classMethods.BindableEvent = {
		Fire = function(bindable, ...)
			local args = table.pack(...)
			for i = 1, args.n do
				args[i] = copy(args[i])
			end
			bindable.Event:Fire(unpack(args, 1, args.n))
		end,
	}
	classMethods.BindableFunction = {
		Invoke = function(bindable, ...)
			local callback = data(bindable).props.OnInvoke
			if not callback then
				error("BindableFunction has no OnInvoke callback")
			end
			return copy(callback(...))
		end,
	}

	-- a client sends an event: what the server's OnServerEvent handlers receive
	function W.fireServer(player, remote, ...)
		local args = table.pack(...)
		for i = 1, args.n do
			args[i] = copy(args[i])
		end
		remote.OnServerEvent:Fire(player, unpack(args, 1, args.n))
	end

	-- Players
	local players = service("Players")
	classMethods.Players = {
		GetPlayers = function()
			local out = {}
			for _, child in ipairs(data(players).children) do
				if data(child).className == "Player" then
					table.insert(out, child)
				end
			end
			return out
		end,
		GetPlayerFromCharacter = function(_, character)
			for _, player in ipairs(players:GetPlayers()) do
				if character ~= nil and data(player).props.Character == character then
					return player
				end
			end
			return nil
		end,
		GetPlayerByUserId = function(_, userId)
			for _, player in ipairs(players:GetPlayers()) do
				if data(player).props.UserId == userId then
					return player
				end
			end
			return nil
		end,
	}

	function W.addPlayer(userId, name, quietly)
		local player = new("Player", { Name = name, DisplayName = name, UserId = userId })
		new("PlayerGui", { Name = "PlayerGui", Parent = player })
		player.Parent = players
		if not quietly then
			players.PlayerAdded:Fire(player)
		end
		return player
	end

	function W.spawnCharacter(player)
		local character = new("Model", { Name = data(player).props.Name })
		local root = new("Part", { Name = "HumanoidRootPart", Parent = character })
		new("Humanoid", { Name = "Humanoid", Parent = character })
		character.Parent = workspace
		player.Character = character
		player.CharacterAdded:Fire(character)
		return character, root
	end

	function W.removePlayer(player)
		players.PlayerRemoving:Fire(player)
		player.Parent = nil
	end

	-- runs every BindToClose callback, as a server that shuts down does, for at most 30 seconds
	function W.close()
		local finished = 0
		for _, fn in ipairs(W.closeHandlers) do
			spawn(function()
				fn()
				finished = finished + 1
			end)
		end
		local waited = 0
		while finished < #W.closeHandlers and waited < 30 do
			W.advance(0.5)
			waited = waited + 0.5
		end
		return finished == #W.closeHandlers, waited
	end

	-- DataStoreService: one shared table of stores, failures on request, a request budget
	W.dataStores = { stores = {}, failNext = 0, budget = 100, calls = {}, unavailable = false }
	local DS = W.dataStores
	local function request(kind, name, key)
		table.insert(DS.calls, { kind = kind, store = name, key = key, at = W.clock })
		if DS.failNext > 0 then
			DS.failNext = DS.failNext - 1
			error("502: API Services rejected request (fake failure)")
		end
		if DS.budget > 0 then
			DS.budget = DS.budget - 1
		end
	end
	classMethods.DataStoreService = {
		GetDataStore = function(_, name)
			if DS.unavailable then
				error("You must publish this place to the web to access DataStore.")
			end
			DS.stores[name] = DS.stores[name] or {}
			local values = DS.stores[name]
			return {
				GetAsync = function(_, key)
					request("GetAsync", name, key)
					return copy(values[key])
				end,
				SetAsync = function(_, key, value)
					request("SetAsync", name, key)
					values[key] = copy(value)
				end,
				UpdateAsync = function(_, key, transform)
					request("UpdateAsync", name, key)
					local result = transform(copy(values[key]), nil)
					if result ~= nil then
						values[key] = copy(result)
					end
					return copy(values[key])
				end,
			}
		end,
		GetRequestBudgetForRequestType = function()
			return DS.budget
		end,
	}

	-- require, and running a script as the engine does: in its own environment, in a thread
	local modules = {}
	function env.require(module)
		if modules[module] == nil then
			local source = data(module).props.Source
			local chunk, err = load(source, "=" .. data(module).props.Name, "t", setmetatable({ script = module },
				{ __index = env }))
			if not chunk then
				error(err, 2)
			end
			modules[module] = chunk()
		end
		return modules[module]
	end

	function W.module(parent, name, source)
		return new("ModuleScript", { Name = name, Source = source, Parent = parent })
	end

	function W.run(className, parent, name, source)
		local script = new(className, { Name = name, Source = source, Parent = parent })
		local chunk, err = load(source, "=" .. name, "t", setmetatable({ script = script }, { __index = env }))
		if not chunk then
			error(err)
		end
		spawn(chunk)
		return script
	end

	-- for the tests: the instance's properties as the script left them
	function W.props(instance)
		return data(instance).props
	end
	function W.attribute(instance, name)
		return data(instance).attributes[name]
	end
	function W.count(list)
		local n = 0
		for _ in pairs(list) do
			n = n + 1
		end
		return n
	end

	return W
end

return Fake
