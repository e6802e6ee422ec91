/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $Boolean = $util.global.Boolean, $BigInt = $util.global.BigInt, $Array = $util.global.Array;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const cairn = $root.cairn = (() => {

    /**
     * Namespace cairn.
     * @exports cairn
     * @namespace
     */
    const cairn = {};

    cairn.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof cairn
         * @namespace
         */
        const v1 = {};

        v1.LogEntry = (function() {

            /**
             * Properties of a LogEntry.
             * @typedef {Object} cairn.v1.LogEntry.$Properties
             * @property {number|Long|null} [timestamp] LogEntry timestamp
             * @property {string|null} [submitter] LogEntry submitter
             * @property {string|null} [contentType] LogEntry contentType
             * @property {Uint8Array|null} [commitment] LogEntry commitment
             * @property {number|Long|null} [payloadSize] LogEntry payloadSize
             * @property {number|Long|null} [occurredAt] LogEntry occurredAt
             * @property {boolean|null} [clockUnsynchronized] LogEntry clockUnsynchronized
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LogEntry.
             * @memberof cairn.v1
             * @interface ILogEntry
             * @augments cairn.v1.LogEntry.$Properties
             * @deprecated Use cairn.v1.LogEntry.$Properties instead.
             */

            /**
             * Shape of a LogEntry.
             * @typedef {cairn.v1.LogEntry.$Properties} cairn.v1.LogEntry.$Shape
             */

            /**
             * Constructs a new LogEntry.
             * @memberof cairn.v1
             * @classdesc Represents a LogEntry.
             * @constructor
             * @param {cairn.v1.LogEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LogEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LogEntry timestamp.
             * @member {number|Long} timestamp
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LogEntry submitter.
             * @member {string} submitter
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.submitter = "";

            /**
             * LogEntry contentType.
             * @member {string} contentType
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.contentType = "";

            /**
             * LogEntry commitment.
             * @member {Uint8Array} commitment
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.commitment = $util.newBuffer([]);

            /**
             * LogEntry payloadSize.
             * @member {number|Long} payloadSize
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.payloadSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LogEntry occurredAt.
             * @member {number|Long} occurredAt
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.occurredAt = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LogEntry clockUnsynchronized.
             * @member {boolean} clockUnsynchronized
             * @memberof cairn.v1.LogEntry
             * @instance
             */
            LogEntry.prototype.clockUnsynchronized = false;

            /**
             * Creates a new LogEntry instance using the specified properties.
             * @function create
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {cairn.v1.LogEntry.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.LogEntry} LogEntry instance
             * @type {{
             *   (properties: cairn.v1.LogEntry.$Shape): cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape;
             *   (properties?: cairn.v1.LogEntry.$Properties): cairn.v1.LogEntry;
             * }}
             */
            LogEntry.create = function(properties) {
                return new LogEntry(properties);
            };

            /**
             * Encodes the specified LogEntry message. Does not implicitly {@link cairn.v1.LogEntry.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {cairn.v1.LogEntry.$Properties} message LogEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LogEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp") && (typeof message.timestamp === "object" ? message.timestamp.low || message.timestamp.high : message.timestamp !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
                if (message.submitter != null && $Object.hasOwnProperty.call(message, "submitter") && message.submitter !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.submitter);
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.contentType);
                if (message.commitment != null && $Object.hasOwnProperty.call(message, "commitment") && message.commitment.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.commitment);
                if (message.payloadSize != null && $Object.hasOwnProperty.call(message, "payloadSize") && (typeof message.payloadSize === "object" ? message.payloadSize.low || message.payloadSize.high : message.payloadSize !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.payloadSize);
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt") && (typeof message.occurredAt === "object" ? message.occurredAt.low || message.occurredAt.high : message.occurredAt !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.occurredAt);
                if (message.clockUnsynchronized != null && $Object.hasOwnProperty.call(message, "clockUnsynchronized") && message.clockUnsynchronized !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.clockUnsynchronized);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified LogEntry message, length delimited. Does not implicitly {@link cairn.v1.LogEntry.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {cairn.v1.LogEntry.$Properties} message LogEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LogEntry.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a LogEntry message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape} LogEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LogEntry.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.LogEntry();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.timestamp = value;
                            else
                                delete message.timestamp;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.submitter = value;
                            else
                                delete message.submitter;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contentType = value;
                            else
                                delete message.contentType;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.commitment = value;
                            else
                                delete message.commitment;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.payloadSize = value;
                            else
                                delete message.payloadSize;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.occurredAt = value;
                            else
                                delete message.occurredAt;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.clockUnsynchronized = value;
                            else
                                delete message.clockUnsynchronized;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a LogEntry message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape} LogEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LogEntry.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a LogEntry message.
             * @function verify
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            LogEntry.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                    if (!$util.isInteger(message.timestamp) && !(message.timestamp && $util.isInteger(message.timestamp.low) && $util.isInteger(message.timestamp.high)))
                        return "timestamp: integer|Long expected";
                if (message.submitter != null && $Object.hasOwnProperty.call(message, "submitter"))
                    if (!$util.isString(message.submitter))
                        return "submitter: string expected";
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                    if (!$util.isString(message.contentType))
                        return "contentType: string expected";
                if (message.commitment != null && $Object.hasOwnProperty.call(message, "commitment"))
                    if (!(message.commitment && typeof message.commitment.length === "number" || $util.isString(message.commitment)))
                        return "commitment: buffer expected";
                if (message.payloadSize != null && $Object.hasOwnProperty.call(message, "payloadSize"))
                    if (!$util.isInteger(message.payloadSize) && !(message.payloadSize && $util.isInteger(message.payloadSize.low) && $util.isInteger(message.payloadSize.high)))
                        return "payloadSize: integer|Long expected";
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt"))
                    if (!$util.isInteger(message.occurredAt) && !(message.occurredAt && $util.isInteger(message.occurredAt.low) && $util.isInteger(message.occurredAt.high)))
                        return "occurredAt: integer|Long expected";
                if (message.clockUnsynchronized != null && $Object.hasOwnProperty.call(message, "clockUnsynchronized"))
                    if (typeof message.clockUnsynchronized !== "boolean")
                        return "clockUnsynchronized: boolean expected";
                return null;
            };

            /**
             * Creates a LogEntry message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.LogEntry} LogEntry
             */
            LogEntry.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.LogEntry)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.LogEntry: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.LogEntry();
                if (object.timestamp != null)
                    if (typeof object.timestamp === "object" ? object.timestamp.low || object.timestamp.high : $Number(object.timestamp) !== 0)
                        if ($util.Long)
                            message.timestamp = $util.Long.fromValue(object.timestamp, true);
                        else if (typeof object.timestamp === "string")
                            message.timestamp = $parseInt(object.timestamp, 10);
                        else if (typeof object.timestamp === "number")
                            message.timestamp = object.timestamp;
                        else if (typeof object.timestamp === "object")
                            message.timestamp = new $util.LongBits(object.timestamp.low >>> 0, object.timestamp.high >>> 0).toNumber(true);
                if (object.submitter != null)
                    if (typeof object.submitter !== "string" || object.submitter.length)
                        message.submitter = $String(object.submitter);
                if (object.contentType != null)
                    if (typeof object.contentType !== "string" || object.contentType.length)
                        message.contentType = $String(object.contentType);
                if (object.commitment != null)
                    if (object.commitment.length)
                        if (typeof object.commitment === "string")
                            $util.base64.decode(object.commitment, message.commitment = $util.newBuffer($util.base64.length(object.commitment)), 0);
                        else if (object.commitment.length >= 0)
                            message.commitment = object.commitment;
                if (object.payloadSize != null)
                    if (typeof object.payloadSize === "object" ? object.payloadSize.low || object.payloadSize.high : $Number(object.payloadSize) !== 0)
                        if ($util.Long)
                            message.payloadSize = $util.Long.fromValue(object.payloadSize, true);
                        else if (typeof object.payloadSize === "string")
                            message.payloadSize = $parseInt(object.payloadSize, 10);
                        else if (typeof object.payloadSize === "number")
                            message.payloadSize = object.payloadSize;
                        else if (typeof object.payloadSize === "object")
                            message.payloadSize = new $util.LongBits(object.payloadSize.low >>> 0, object.payloadSize.high >>> 0).toNumber(true);
                if (object.occurredAt != null)
                    if (typeof object.occurredAt === "object" ? object.occurredAt.low || object.occurredAt.high : $Number(object.occurredAt) !== 0)
                        if ($util.Long)
                            message.occurredAt = $util.Long.fromValue(object.occurredAt, true);
                        else if (typeof object.occurredAt === "string")
                            message.occurredAt = $parseInt(object.occurredAt, 10);
                        else if (typeof object.occurredAt === "number")
                            message.occurredAt = object.occurredAt;
                        else if (typeof object.occurredAt === "object")
                            message.occurredAt = new $util.LongBits(object.occurredAt.low >>> 0, object.occurredAt.high >>> 0).toNumber(true);
                if (object.clockUnsynchronized != null)
                    if (object.clockUnsynchronized)
                        message.clockUnsynchronized = $Boolean(object.clockUnsynchronized);
                return message;
            };

            /**
             * Creates a plain object from a LogEntry message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {cairn.v1.LogEntry} message LogEntry
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            LogEntry.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestamp = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.timestamp = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.submitter = "";
                    object.contentType = "";
                    if (options.bytes === $String)
                        object.commitment = "";
                    else {
                        object.commitment = [];
                        if (options.bytes !== $Array)
                            object.commitment = $util.newBuffer(object.commitment);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.payloadSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.payloadSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.occurredAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.occurredAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.clockUnsynchronized = false;
                }
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.timestamp = typeof message.timestamp === "number" ? $BigInt(message.timestamp) : $util.Long.fromBits(message.timestamp.low >>> 0, message.timestamp.high >>> 0, true).toBigInt();
                    else if (typeof message.timestamp === "number")
                        object.timestamp = options.longs === $String ? $String(message.timestamp) : message.timestamp;
                    else
                        object.timestamp = options.longs === $String ? $util.Long.prototype.toString.call(message.timestamp) : options.longs === $Number ? new $util.LongBits(message.timestamp.low >>> 0, message.timestamp.high >>> 0).toNumber(true) : message.timestamp;
                if (message.submitter != null && $Object.hasOwnProperty.call(message, "submitter"))
                    object.submitter = message.submitter;
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                    object.contentType = message.contentType;
                if (message.commitment != null && $Object.hasOwnProperty.call(message, "commitment"))
                    object.commitment = options.bytes === $String ? $util.base64.encode(message.commitment, 0, message.commitment.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.commitment) : message.commitment;
                if (message.payloadSize != null && $Object.hasOwnProperty.call(message, "payloadSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.payloadSize = typeof message.payloadSize === "number" ? $BigInt(message.payloadSize) : $util.Long.fromBits(message.payloadSize.low >>> 0, message.payloadSize.high >>> 0, true).toBigInt();
                    else if (typeof message.payloadSize === "number")
                        object.payloadSize = options.longs === $String ? $String(message.payloadSize) : message.payloadSize;
                    else
                        object.payloadSize = options.longs === $String ? $util.Long.prototype.toString.call(message.payloadSize) : options.longs === $Number ? new $util.LongBits(message.payloadSize.low >>> 0, message.payloadSize.high >>> 0).toNumber(true) : message.payloadSize;
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.occurredAt = typeof message.occurredAt === "number" ? $BigInt(message.occurredAt) : $util.Long.fromBits(message.occurredAt.low >>> 0, message.occurredAt.high >>> 0, true).toBigInt();
                    else if (typeof message.occurredAt === "number")
                        object.occurredAt = options.longs === $String ? $String(message.occurredAt) : message.occurredAt;
                    else
                        object.occurredAt = options.longs === $String ? $util.Long.prototype.toString.call(message.occurredAt) : options.longs === $Number ? new $util.LongBits(message.occurredAt.low >>> 0, message.occurredAt.high >>> 0).toNumber(true) : message.occurredAt;
                if (message.clockUnsynchronized != null && $Object.hasOwnProperty.call(message, "clockUnsynchronized"))
                    object.clockUnsynchronized = message.clockUnsynchronized;
                return object;
            };

            /**
             * Converts this LogEntry to JSON.
             * @function toJSON
             * @memberof cairn.v1.LogEntry
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            LogEntry.prototype.toJSON = function() {
                return LogEntry.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for LogEntry
             * @function getTypeUrl
             * @memberof cairn.v1.LogEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            LogEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.LogEntry";
            };

            return LogEntry;
        })();

        v1.Receipt = (function() {

            /**
             * Properties of a Receipt.
             * @typedef {Object} cairn.v1.Receipt.$Properties
             * @property {number|Long|null} [index] Receipt index
             * @property {Uint8Array|null} [leafHash] Receipt leafHash
             * @property {number|Long|null} [timestamp] Receipt timestamp
             * @property {number|Long|null} [treeSize] Receipt treeSize
             * @property {Uint8Array|null} [entry] Receipt entry
             * @property {Uint8Array|null} [payload] Receipt payload
             * @property {Uint8Array|null} [nonce] Receipt nonce
             * @property {string|null} [proof] Receipt proof
             * @property {cairn.v1.ReceiptErasure.$Properties|null} [erased] Receipt erased
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Receipt.
             * @memberof cairn.v1
             * @interface IReceipt
             * @augments cairn.v1.Receipt.$Properties
             * @deprecated Use cairn.v1.Receipt.$Properties instead.
             */

            /**
             * Shape of a Receipt.
             * @typedef {cairn.v1.Receipt.$Properties} cairn.v1.Receipt.$Shape
             */

            /**
             * Constructs a new Receipt.
             * @memberof cairn.v1
             * @classdesc Represents a Receipt.
             * @constructor
             * @param {cairn.v1.Receipt.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Receipt = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Receipt index.
             * @member {number|Long} index
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Receipt leafHash.
             * @member {Uint8Array} leafHash
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.leafHash = $util.newBuffer([]);

            /**
             * Receipt timestamp.
             * @member {number|Long} timestamp
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Receipt treeSize.
             * @member {number|Long} treeSize
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.treeSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Receipt entry.
             * @member {Uint8Array} entry
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.entry = $util.newBuffer([]);

            /**
             * Receipt payload.
             * @member {Uint8Array} payload
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.payload = $util.newBuffer([]);

            /**
             * Receipt nonce.
             * @member {Uint8Array} nonce
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.nonce = $util.newBuffer([]);

            /**
             * Receipt proof.
             * @member {string} proof
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.proof = "";

            /**
             * Receipt erased.
             * @member {cairn.v1.ReceiptErasure.$Properties|null|undefined} erased
             * @memberof cairn.v1.Receipt
             * @instance
             */
            Receipt.prototype.erased = null;

            /**
             * Creates a new Receipt instance using the specified properties.
             * @function create
             * @memberof cairn.v1.Receipt
             * @static
             * @param {cairn.v1.Receipt.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.Receipt} Receipt instance
             * @type {{
             *   (properties: cairn.v1.Receipt.$Shape): cairn.v1.Receipt & cairn.v1.Receipt.$Shape;
             *   (properties?: cairn.v1.Receipt.$Properties): cairn.v1.Receipt;
             * }}
             */
            Receipt.create = function(properties) {
                return new Receipt(properties);
            };

            /**
             * Encodes the specified Receipt message. Does not implicitly {@link cairn.v1.Receipt.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.Receipt
             * @static
             * @param {cairn.v1.Receipt.$Properties} message Receipt message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Receipt.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.index);
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash") && message.leafHash.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.leafHash);
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp") && (typeof message.timestamp === "object" ? message.timestamp.low || message.timestamp.high : message.timestamp !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.timestamp);
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize") && (typeof message.treeSize === "object" ? message.treeSize.low || message.treeSize.high : message.treeSize !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.treeSize);
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry") && message.entry.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.entry);
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.payload);
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.nonce);
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof") && message.proof !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.proof);
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased"))
                    $root.cairn.v1.ReceiptErasure.encode(message.erased, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Receipt message, length delimited. Does not implicitly {@link cairn.v1.Receipt.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.Receipt
             * @static
             * @param {cairn.v1.Receipt.$Properties} message Receipt message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Receipt.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Receipt message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.Receipt
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.Receipt & cairn.v1.Receipt.$Shape} Receipt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Receipt.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.Receipt();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.leafHash = value;
                            else
                                delete message.leafHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.timestamp = value;
                            else
                                delete message.timestamp;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.treeSize = value;
                            else
                                delete message.treeSize;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.entry = value;
                            else
                                delete message.entry;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payload = value;
                            else
                                delete message.payload;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.proof = value;
                            else
                                delete message.proof;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.erased = $root.cairn.v1.ReceiptErasure.decode(reader, reader.size(), $undefined, _depth + 1, message.erased);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Receipt message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.Receipt
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.Receipt & cairn.v1.Receipt.$Shape} Receipt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Receipt.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Receipt message.
             * @function verify
             * @memberof cairn.v1.Receipt
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Receipt.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (!$util.isInteger(message.index) && !(message.index && $util.isInteger(message.index.low) && $util.isInteger(message.index.high)))
                        return "index: integer|Long expected";
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    if (!(message.leafHash && typeof message.leafHash.length === "number" || $util.isString(message.leafHash)))
                        return "leafHash: buffer expected";
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                    if (!$util.isInteger(message.timestamp) && !(message.timestamp && $util.isInteger(message.timestamp.low) && $util.isInteger(message.timestamp.high)))
                        return "timestamp: integer|Long expected";
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (!$util.isInteger(message.treeSize) && !(message.treeSize && $util.isInteger(message.treeSize.low) && $util.isInteger(message.treeSize.high)))
                        return "treeSize: integer|Long expected";
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry"))
                    if (!(message.entry && typeof message.entry.length === "number" || $util.isString(message.entry)))
                        return "entry: buffer expected";
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    if (!(message.payload && typeof message.payload.length === "number" || $util.isString(message.payload)))
                        return "payload: buffer expected";
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce"))
                    if (!(message.nonce && typeof message.nonce.length === "number" || $util.isString(message.nonce)))
                        return "nonce: buffer expected";
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof"))
                    if (!$util.isString(message.proof))
                        return "proof: string expected";
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased")) {
                    let error = $root.cairn.v1.ReceiptErasure.verify(message.erased, _depth + 1);
                    if (error)
                        return "erased." + error;
                }
                return null;
            };

            /**
             * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.Receipt
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.Receipt} Receipt
             */
            Receipt.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.Receipt)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.Receipt: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.Receipt();
                if (object.index != null)
                    if (typeof object.index === "object" ? object.index.low || object.index.high : $Number(object.index) !== 0)
                        if ($util.Long)
                            message.index = $util.Long.fromValue(object.index, true);
                        else if (typeof object.index === "string")
                            message.index = $parseInt(object.index, 10);
                        else if (typeof object.index === "number")
                            message.index = object.index;
                        else if (typeof object.index === "object")
                            message.index = new $util.LongBits(object.index.low >>> 0, object.index.high >>> 0).toNumber(true);
                if (object.leafHash != null)
                    if (object.leafHash.length)
                        if (typeof object.leafHash === "string")
                            $util.base64.decode(object.leafHash, message.leafHash = $util.newBuffer($util.base64.length(object.leafHash)), 0);
                        else if (object.leafHash.length >= 0)
                            message.leafHash = object.leafHash;
                if (object.timestamp != null)
                    if (typeof object.timestamp === "object" ? object.timestamp.low || object.timestamp.high : $Number(object.timestamp) !== 0)
                        if ($util.Long)
                            message.timestamp = $util.Long.fromValue(object.timestamp, true);
                        else if (typeof object.timestamp === "string")
                            message.timestamp = $parseInt(object.timestamp, 10);
                        else if (typeof object.timestamp === "number")
                            message.timestamp = object.timestamp;
                        else if (typeof object.timestamp === "object")
                            message.timestamp = new $util.LongBits(object.timestamp.low >>> 0, object.timestamp.high >>> 0).toNumber(true);
                if (object.treeSize != null)
                    if (typeof object.treeSize === "object" ? object.treeSize.low || object.treeSize.high : $Number(object.treeSize) !== 0)
                        if ($util.Long)
                            message.treeSize = $util.Long.fromValue(object.treeSize, true);
                        else if (typeof object.treeSize === "string")
                            message.treeSize = $parseInt(object.treeSize, 10);
                        else if (typeof object.treeSize === "number")
                            message.treeSize = object.treeSize;
                        else if (typeof object.treeSize === "object")
                            message.treeSize = new $util.LongBits(object.treeSize.low >>> 0, object.treeSize.high >>> 0).toNumber(true);
                if (object.entry != null)
                    if (object.entry.length)
                        if (typeof object.entry === "string")
                            $util.base64.decode(object.entry, message.entry = $util.newBuffer($util.base64.length(object.entry)), 0);
                        else if (object.entry.length >= 0)
                            message.entry = object.entry;
                if (object.payload != null)
                    if (object.payload.length)
                        if (typeof object.payload === "string")
                            $util.base64.decode(object.payload, message.payload = $util.newBuffer($util.base64.length(object.payload)), 0);
                        else if (object.payload.length >= 0)
                            message.payload = object.payload;
                if (object.nonce != null)
                    if (object.nonce.length)
                        if (typeof object.nonce === "string")
                            $util.base64.decode(object.nonce, message.nonce = $util.newBuffer($util.base64.length(object.nonce)), 0);
                        else if (object.nonce.length >= 0)
                            message.nonce = object.nonce;
                if (object.proof != null)
                    if (typeof object.proof !== "string" || object.proof.length)
                        message.proof = $String(object.proof);
                if (object.erased != null) {
                    if (!$util.isObject(object.erased))
                        throw $TypeError(".cairn.v1.Receipt.erased: object expected");
                    message.erased = $root.cairn.v1.ReceiptErasure.fromObject(object.erased, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a Receipt message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.Receipt
             * @static
             * @param {cairn.v1.Receipt} message Receipt
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Receipt.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.index = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.index = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.leafHash = "";
                    else {
                        object.leafHash = [];
                        if (options.bytes !== $Array)
                            object.leafHash = $util.newBuffer(object.leafHash);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestamp = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.timestamp = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.treeSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.treeSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.entry = "";
                    else {
                        object.entry = [];
                        if (options.bytes !== $Array)
                            object.entry = $util.newBuffer(object.entry);
                    }
                    if (options.bytes === $String)
                        object.payload = "";
                    else {
                        object.payload = [];
                        if (options.bytes !== $Array)
                            object.payload = $util.newBuffer(object.payload);
                    }
                    if (options.bytes === $String)
                        object.nonce = "";
                    else {
                        object.nonce = [];
                        if (options.bytes !== $Array)
                            object.nonce = $util.newBuffer(object.nonce);
                    }
                    object.proof = "";
                    object.erased = null;
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.index = typeof message.index === "number" ? $BigInt(message.index) : $util.Long.fromBits(message.index.low >>> 0, message.index.high >>> 0, true).toBigInt();
                    else if (typeof message.index === "number")
                        object.index = options.longs === $String ? $String(message.index) : message.index;
                    else
                        object.index = options.longs === $String ? $util.Long.prototype.toString.call(message.index) : options.longs === $Number ? new $util.LongBits(message.index.low >>> 0, message.index.high >>> 0).toNumber(true) : message.index;
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    object.leafHash = options.bytes === $String ? $util.base64.encode(message.leafHash, 0, message.leafHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.leafHash) : message.leafHash;
                if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.timestamp = typeof message.timestamp === "number" ? $BigInt(message.timestamp) : $util.Long.fromBits(message.timestamp.low >>> 0, message.timestamp.high >>> 0, true).toBigInt();
                    else if (typeof message.timestamp === "number")
                        object.timestamp = options.longs === $String ? $String(message.timestamp) : message.timestamp;
                    else
                        object.timestamp = options.longs === $String ? $util.Long.prototype.toString.call(message.timestamp) : options.longs === $Number ? new $util.LongBits(message.timestamp.low >>> 0, message.timestamp.high >>> 0).toNumber(true) : message.timestamp;
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.treeSize = typeof message.treeSize === "number" ? $BigInt(message.treeSize) : $util.Long.fromBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0, true).toBigInt();
                    else if (typeof message.treeSize === "number")
                        object.treeSize = options.longs === $String ? $String(message.treeSize) : message.treeSize;
                    else
                        object.treeSize = options.longs === $String ? $util.Long.prototype.toString.call(message.treeSize) : options.longs === $Number ? new $util.LongBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0).toNumber(true) : message.treeSize;
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry"))
                    object.entry = options.bytes === $String ? $util.base64.encode(message.entry, 0, message.entry.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.entry) : message.entry;
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    object.payload = options.bytes === $String ? $util.base64.encode(message.payload, 0, message.payload.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.payload) : message.payload;
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce"))
                    object.nonce = options.bytes === $String ? $util.base64.encode(message.nonce, 0, message.nonce.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.nonce) : message.nonce;
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof"))
                    object.proof = message.proof;
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased"))
                    object.erased = $root.cairn.v1.ReceiptErasure.toObject(message.erased, options, _depth + 1);
                return object;
            };

            /**
             * Converts this Receipt to JSON.
             * @function toJSON
             * @memberof cairn.v1.Receipt
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Receipt.prototype.toJSON = function() {
                return Receipt.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Receipt
             * @function getTypeUrl
             * @memberof cairn.v1.Receipt
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Receipt.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.Receipt";
            };

            return Receipt;
        })();

        v1.ReceiptErasure = (function() {

            /**
             * Properties of a ReceiptErasure.
             * @typedef {Object} cairn.v1.ReceiptErasure.$Properties
             * @property {number|Long|null} [record] ReceiptErasure record
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReceiptErasure.
             * @memberof cairn.v1
             * @interface IReceiptErasure
             * @augments cairn.v1.ReceiptErasure.$Properties
             * @deprecated Use cairn.v1.ReceiptErasure.$Properties instead.
             */

            /**
             * Shape of a ReceiptErasure.
             * @typedef {cairn.v1.ReceiptErasure.$Properties} cairn.v1.ReceiptErasure.$Shape
             */

            /**
             * Constructs a new ReceiptErasure.
             * @memberof cairn.v1
             * @classdesc Represents a ReceiptErasure.
             * @constructor
             * @param {cairn.v1.ReceiptErasure.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReceiptErasure = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReceiptErasure record.
             * @member {number|Long} record
             * @memberof cairn.v1.ReceiptErasure
             * @instance
             */
            ReceiptErasure.prototype.record = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ReceiptErasure instance using the specified properties.
             * @function create
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {cairn.v1.ReceiptErasure.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.ReceiptErasure} ReceiptErasure instance
             * @type {{
             *   (properties: cairn.v1.ReceiptErasure.$Shape): cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape;
             *   (properties?: cairn.v1.ReceiptErasure.$Properties): cairn.v1.ReceiptErasure;
             * }}
             */
            ReceiptErasure.create = function(properties) {
                return new ReceiptErasure(properties);
            };

            /**
             * Encodes the specified ReceiptErasure message. Does not implicitly {@link cairn.v1.ReceiptErasure.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {cairn.v1.ReceiptErasure.$Properties} message ReceiptErasure message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReceiptErasure.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.record != null && $Object.hasOwnProperty.call(message, "record") && (typeof message.record === "object" ? message.record.low || message.record.high : message.record !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.record);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ReceiptErasure message, length delimited. Does not implicitly {@link cairn.v1.ReceiptErasure.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {cairn.v1.ReceiptErasure.$Properties} message ReceiptErasure message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReceiptErasure.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ReceiptErasure message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape} ReceiptErasure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReceiptErasure.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.ReceiptErasure();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.record = value;
                            else
                                delete message.record;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a ReceiptErasure message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape} ReceiptErasure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReceiptErasure.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ReceiptErasure message.
             * @function verify
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ReceiptErasure.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.record != null && $Object.hasOwnProperty.call(message, "record"))
                    if (!$util.isInteger(message.record) && !(message.record && $util.isInteger(message.record.low) && $util.isInteger(message.record.high)))
                        return "record: integer|Long expected";
                return null;
            };

            /**
             * Creates a ReceiptErasure message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.ReceiptErasure} ReceiptErasure
             */
            ReceiptErasure.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.ReceiptErasure)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.ReceiptErasure: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.ReceiptErasure();
                if (object.record != null)
                    if (typeof object.record === "object" ? object.record.low || object.record.high : $Number(object.record) !== 0)
                        if ($util.Long)
                            message.record = $util.Long.fromValue(object.record, true);
                        else if (typeof object.record === "string")
                            message.record = $parseInt(object.record, 10);
                        else if (typeof object.record === "number")
                            message.record = object.record;
                        else if (typeof object.record === "object")
                            message.record = new $util.LongBits(object.record.low >>> 0, object.record.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a ReceiptErasure message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {cairn.v1.ReceiptErasure} message ReceiptErasure
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ReceiptErasure.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.record = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.record = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (message.record != null && $Object.hasOwnProperty.call(message, "record"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.record = typeof message.record === "number" ? $BigInt(message.record) : $util.Long.fromBits(message.record.low >>> 0, message.record.high >>> 0, true).toBigInt();
                    else if (typeof message.record === "number")
                        object.record = options.longs === $String ? $String(message.record) : message.record;
                    else
                        object.record = options.longs === $String ? $util.Long.prototype.toString.call(message.record) : options.longs === $Number ? new $util.LongBits(message.record.low >>> 0, message.record.high >>> 0).toNumber(true) : message.record;
                return object;
            };

            /**
             * Converts this ReceiptErasure to JSON.
             * @function toJSON
             * @memberof cairn.v1.ReceiptErasure
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ReceiptErasure.prototype.toJSON = function() {
                return ReceiptErasure.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ReceiptErasure
             * @function getTypeUrl
             * @memberof cairn.v1.ReceiptErasure
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReceiptErasure.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.ReceiptErasure";
            };

            return ReceiptErasure;
        })();

        v1.AppendEvent = (function() {

            /**
             * Properties of an AppendEvent.
             * @typedef {Object} cairn.v1.AppendEvent.$Properties
             * @property {Uint8Array|null} [payload] AppendEvent payload
             * @property {string|null} [contentType] AppendEvent contentType
             * @property {string|null} [idempotencyKey] AppendEvent idempotencyKey
             * @property {number|Long|null} [occurredAt] AppendEvent occurredAt
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppendEvent.
             * @memberof cairn.v1
             * @interface IAppendEvent
             * @augments cairn.v1.AppendEvent.$Properties
             * @deprecated Use cairn.v1.AppendEvent.$Properties instead.
             */

            /**
             * Shape of an AppendEvent.
             * @typedef {cairn.v1.AppendEvent.$Properties} cairn.v1.AppendEvent.$Shape
             */

            /**
             * Constructs a new AppendEvent.
             * @memberof cairn.v1
             * @classdesc Represents an AppendEvent.
             * @constructor
             * @param {cairn.v1.AppendEvent.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppendEvent = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppendEvent payload.
             * @member {Uint8Array} payload
             * @memberof cairn.v1.AppendEvent
             * @instance
             */
            AppendEvent.prototype.payload = $util.newBuffer([]);

            /**
             * AppendEvent contentType.
             * @member {string} contentType
             * @memberof cairn.v1.AppendEvent
             * @instance
             */
            AppendEvent.prototype.contentType = "";

            /**
             * AppendEvent idempotencyKey.
             * @member {string} idempotencyKey
             * @memberof cairn.v1.AppendEvent
             * @instance
             */
            AppendEvent.prototype.idempotencyKey = "";

            /**
             * AppendEvent occurredAt.
             * @member {number|Long} occurredAt
             * @memberof cairn.v1.AppendEvent
             * @instance
             */
            AppendEvent.prototype.occurredAt = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new AppendEvent instance using the specified properties.
             * @function create
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {cairn.v1.AppendEvent.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.AppendEvent} AppendEvent instance
             * @type {{
             *   (properties: cairn.v1.AppendEvent.$Shape): cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape;
             *   (properties?: cairn.v1.AppendEvent.$Properties): cairn.v1.AppendEvent;
             * }}
             */
            AppendEvent.create = function(properties) {
                return new AppendEvent(properties);
            };

            /**
             * Encodes the specified AppendEvent message. Does not implicitly {@link cairn.v1.AppendEvent.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {cairn.v1.AppendEvent.$Properties} message AppendEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendEvent.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.payload);
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType") && message.contentType !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.contentType);
                if (message.idempotencyKey != null && $Object.hasOwnProperty.call(message, "idempotencyKey") && message.idempotencyKey !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.idempotencyKey);
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt") && (typeof message.occurredAt === "object" ? message.occurredAt.low || message.occurredAt.high : message.occurredAt !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.occurredAt);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified AppendEvent message, length delimited. Does not implicitly {@link cairn.v1.AppendEvent.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {cairn.v1.AppendEvent.$Properties} message AppendEvent message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendEvent.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AppendEvent message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape} AppendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendEvent.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.AppendEvent();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payload = value;
                            else
                                delete message.payload;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contentType = value;
                            else
                                delete message.contentType;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.idempotencyKey = value;
                            else
                                delete message.idempotencyKey;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.occurredAt = value;
                            else
                                delete message.occurredAt;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an AppendEvent message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape} AppendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendEvent.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AppendEvent message.
             * @function verify
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AppendEvent.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    if (!(message.payload && typeof message.payload.length === "number" || $util.isString(message.payload)))
                        return "payload: buffer expected";
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                    if (!$util.isString(message.contentType))
                        return "contentType: string expected";
                if (message.idempotencyKey != null && $Object.hasOwnProperty.call(message, "idempotencyKey"))
                    if (!$util.isString(message.idempotencyKey))
                        return "idempotencyKey: string expected";
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt"))
                    if (!$util.isInteger(message.occurredAt) && !(message.occurredAt && $util.isInteger(message.occurredAt.low) && $util.isInteger(message.occurredAt.high)))
                        return "occurredAt: integer|Long expected";
                return null;
            };

            /**
             * Creates an AppendEvent message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.AppendEvent} AppendEvent
             */
            AppendEvent.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.AppendEvent)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.AppendEvent: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.AppendEvent();
                if (object.payload != null)
                    if (object.payload.length)
                        if (typeof object.payload === "string")
                            $util.base64.decode(object.payload, message.payload = $util.newBuffer($util.base64.length(object.payload)), 0);
                        else if (object.payload.length >= 0)
                            message.payload = object.payload;
                if (object.contentType != null)
                    if (typeof object.contentType !== "string" || object.contentType.length)
                        message.contentType = $String(object.contentType);
                if (object.idempotencyKey != null)
                    if (typeof object.idempotencyKey !== "string" || object.idempotencyKey.length)
                        message.idempotencyKey = $String(object.idempotencyKey);
                if (object.occurredAt != null)
                    if (typeof object.occurredAt === "object" ? object.occurredAt.low || object.occurredAt.high : $Number(object.occurredAt) !== 0)
                        if ($util.Long)
                            message.occurredAt = $util.Long.fromValue(object.occurredAt, true);
                        else if (typeof object.occurredAt === "string")
                            message.occurredAt = $parseInt(object.occurredAt, 10);
                        else if (typeof object.occurredAt === "number")
                            message.occurredAt = object.occurredAt;
                        else if (typeof object.occurredAt === "object")
                            message.occurredAt = new $util.LongBits(object.occurredAt.low >>> 0, object.occurredAt.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from an AppendEvent message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {cairn.v1.AppendEvent} message AppendEvent
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AppendEvent.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.payload = "";
                    else {
                        object.payload = [];
                        if (options.bytes !== $Array)
                            object.payload = $util.newBuffer(object.payload);
                    }
                    object.contentType = "";
                    object.idempotencyKey = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.occurredAt = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.occurredAt = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    object.payload = options.bytes === $String ? $util.base64.encode(message.payload, 0, message.payload.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.payload) : message.payload;
                if (message.contentType != null && $Object.hasOwnProperty.call(message, "contentType"))
                    object.contentType = message.contentType;
                if (message.idempotencyKey != null && $Object.hasOwnProperty.call(message, "idempotencyKey"))
                    object.idempotencyKey = message.idempotencyKey;
                if (message.occurredAt != null && $Object.hasOwnProperty.call(message, "occurredAt"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.occurredAt = typeof message.occurredAt === "number" ? $BigInt(message.occurredAt) : $util.Long.fromBits(message.occurredAt.low >>> 0, message.occurredAt.high >>> 0, true).toBigInt();
                    else if (typeof message.occurredAt === "number")
                        object.occurredAt = options.longs === $String ? $String(message.occurredAt) : message.occurredAt;
                    else
                        object.occurredAt = options.longs === $String ? $util.Long.prototype.toString.call(message.occurredAt) : options.longs === $Number ? new $util.LongBits(message.occurredAt.low >>> 0, message.occurredAt.high >>> 0).toNumber(true) : message.occurredAt;
                return object;
            };

            /**
             * Converts this AppendEvent to JSON.
             * @function toJSON
             * @memberof cairn.v1.AppendEvent
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AppendEvent.prototype.toJSON = function() {
                return AppendEvent.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AppendEvent
             * @function getTypeUrl
             * @memberof cairn.v1.AppendEvent
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppendEvent.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.AppendEvent";
            };

            return AppendEvent;
        })();

        v1.AppendRequest = (function() {

            /**
             * Properties of an AppendRequest.
             * @typedef {Object} cairn.v1.AppendRequest.$Properties
             * @property {Array.<cairn.v1.AppendEvent.$Properties>|null} [entries] AppendRequest entries
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppendRequest.
             * @memberof cairn.v1
             * @interface IAppendRequest
             * @augments cairn.v1.AppendRequest.$Properties
             * @deprecated Use cairn.v1.AppendRequest.$Properties instead.
             */

            /**
             * Shape of an AppendRequest.
             * @typedef {cairn.v1.AppendRequest.$Properties} cairn.v1.AppendRequest.$Shape
             */

            /**
             * Constructs a new AppendRequest.
             * @memberof cairn.v1
             * @classdesc Represents an AppendRequest.
             * @constructor
             * @param {cairn.v1.AppendRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppendRequest = function (properties) {
                this.entries = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppendRequest entries.
             * @member {Array.<cairn.v1.AppendEvent.$Properties>} entries
             * @memberof cairn.v1.AppendRequest
             * @instance
             */
            AppendRequest.prototype.entries = $util.emptyArray;

            /**
             * Creates a new AppendRequest instance using the specified properties.
             * @function create
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {cairn.v1.AppendRequest.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.AppendRequest} AppendRequest instance
             * @type {{
             *   (properties: cairn.v1.AppendRequest.$Shape): cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape;
             *   (properties?: cairn.v1.AppendRequest.$Properties): cairn.v1.AppendRequest;
             * }}
             */
            AppendRequest.create = function(properties) {
                return new AppendRequest(properties);
            };

            /**
             * Encodes the specified AppendRequest message. Does not implicitly {@link cairn.v1.AppendRequest.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {cairn.v1.AppendRequest.$Properties} message AppendRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.entries != null && message.entries.length)
                    for (let i = 0; i < message.entries.length; ++i)
                        $root.cairn.v1.AppendEvent.encode(message.entries[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified AppendRequest message, length delimited. Does not implicitly {@link cairn.v1.AppendRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {cairn.v1.AppendRequest.$Properties} message AppendRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AppendRequest message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.AppendRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.entries && message.entries.length))
                                message.entries = [];
                            message.entries.push($root.cairn.v1.AppendEvent.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an AppendRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AppendRequest message.
             * @function verify
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AppendRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.entries != null && $Object.hasOwnProperty.call(message, "entries")) {
                    if (!$Array.isArray(message.entries))
                        return "entries: array expected";
                    for (let i = 0; i < message.entries.length; ++i) {
                        let error = $root.cairn.v1.AppendEvent.verify(message.entries[i], _depth + 1);
                        if (error)
                            return "entries." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an AppendRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.AppendRequest} AppendRequest
             */
            AppendRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.AppendRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.AppendRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.AppendRequest();
                if (object.entries) {
                    if (!$Array.isArray(object.entries))
                        throw $TypeError(".cairn.v1.AppendRequest.entries: array expected");
                    message.entries = $Array(object.entries.length);
                    for (let i = 0; i < object.entries.length; ++i) {
                        if (!$util.isObject(object.entries[i]))
                            throw $TypeError(".cairn.v1.AppendRequest.entries: object expected");
                        message.entries[i] = $root.cairn.v1.AppendEvent.fromObject(object.entries[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an AppendRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {cairn.v1.AppendRequest} message AppendRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AppendRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.entries = [];
                if (message.entries && message.entries.length) {
                    object.entries = $Array(message.entries.length);
                    for (let j = 0; j < message.entries.length; ++j)
                        object.entries[j] = $root.cairn.v1.AppendEvent.toObject(message.entries[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this AppendRequest to JSON.
             * @function toJSON
             * @memberof cairn.v1.AppendRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AppendRequest.prototype.toJSON = function() {
                return AppendRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AppendRequest
             * @function getTypeUrl
             * @memberof cairn.v1.AppendRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppendRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.AppendRequest";
            };

            return AppendRequest;
        })();

        v1.AppendResponse = (function() {

            /**
             * Properties of an AppendResponse.
             * @typedef {Object} cairn.v1.AppendResponse.$Properties
             * @property {Array.<cairn.v1.Receipt.$Properties>|null} [receipts] AppendResponse receipts
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppendResponse.
             * @memberof cairn.v1
             * @interface IAppendResponse
             * @augments cairn.v1.AppendResponse.$Properties
             * @deprecated Use cairn.v1.AppendResponse.$Properties instead.
             */

            /**
             * Shape of an AppendResponse.
             * @typedef {cairn.v1.AppendResponse.$Properties} cairn.v1.AppendResponse.$Shape
             */

            /**
             * Constructs a new AppendResponse.
             * @memberof cairn.v1
             * @classdesc Represents an AppendResponse.
             * @constructor
             * @param {cairn.v1.AppendResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppendResponse = function (properties) {
                this.receipts = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppendResponse receipts.
             * @member {Array.<cairn.v1.Receipt.$Properties>} receipts
             * @memberof cairn.v1.AppendResponse
             * @instance
             */
            AppendResponse.prototype.receipts = $util.emptyArray;

            /**
             * Creates a new AppendResponse instance using the specified properties.
             * @function create
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {cairn.v1.AppendResponse.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.AppendResponse} AppendResponse instance
             * @type {{
             *   (properties: cairn.v1.AppendResponse.$Shape): cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape;
             *   (properties?: cairn.v1.AppendResponse.$Properties): cairn.v1.AppendResponse;
             * }}
             */
            AppendResponse.create = function(properties) {
                return new AppendResponse(properties);
            };

            /**
             * Encodes the specified AppendResponse message. Does not implicitly {@link cairn.v1.AppendResponse.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {cairn.v1.AppendResponse.$Properties} message AppendResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.receipts != null && message.receipts.length)
                    for (let i = 0; i < message.receipts.length; ++i)
                        $root.cairn.v1.Receipt.encode(message.receipts[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified AppendResponse message, length delimited. Does not implicitly {@link cairn.v1.AppendResponse.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {cairn.v1.AppendResponse.$Properties} message AppendResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendResponse.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AppendResponse message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape} AppendResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendResponse.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.AppendResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.receipts && message.receipts.length))
                                message.receipts = [];
                            message.receipts.push($root.cairn.v1.Receipt.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an AppendResponse message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape} AppendResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendResponse.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AppendResponse message.
             * @function verify
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AppendResponse.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.receipts != null && $Object.hasOwnProperty.call(message, "receipts")) {
                    if (!$Array.isArray(message.receipts))
                        return "receipts: array expected";
                    for (let i = 0; i < message.receipts.length; ++i) {
                        let error = $root.cairn.v1.Receipt.verify(message.receipts[i], _depth + 1);
                        if (error)
                            return "receipts." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an AppendResponse message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.AppendResponse} AppendResponse
             */
            AppendResponse.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.AppendResponse)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.AppendResponse: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.AppendResponse();
                if (object.receipts) {
                    if (!$Array.isArray(object.receipts))
                        throw $TypeError(".cairn.v1.AppendResponse.receipts: array expected");
                    message.receipts = $Array(object.receipts.length);
                    for (let i = 0; i < object.receipts.length; ++i) {
                        if (!$util.isObject(object.receipts[i]))
                            throw $TypeError(".cairn.v1.AppendResponse.receipts: object expected");
                        message.receipts[i] = $root.cairn.v1.Receipt.fromObject(object.receipts[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an AppendResponse message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {cairn.v1.AppendResponse} message AppendResponse
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AppendResponse.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.receipts = [];
                if (message.receipts && message.receipts.length) {
                    object.receipts = $Array(message.receipts.length);
                    for (let j = 0; j < message.receipts.length; ++j)
                        object.receipts[j] = $root.cairn.v1.Receipt.toObject(message.receipts[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this AppendResponse to JSON.
             * @function toJSON
             * @memberof cairn.v1.AppendResponse
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AppendResponse.prototype.toJSON = function() {
                return AppendResponse.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AppendResponse
             * @function getTypeUrl
             * @memberof cairn.v1.AppendResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppendResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.AppendResponse";
            };

            return AppendResponse;
        })();

        v1.Limits = (function() {

            /**
             * Properties of a Limits.
             * @typedef {Object} cairn.v1.Limits.$Properties
             * @property {number|Long|null} [maxPayloadBytes] Limits maxPayloadBytes
             * @property {number|Long|null} [maxBatchEntries] Limits maxBatchEntries
             * @property {number|Long|null} [maxBatchBytes] Limits maxBatchBytes
             * @property {number|Long|null} [maxFutureSkewNs] Limits maxFutureSkewNs
             * @property {number|Long|null} [maxRangeEntries] Limits maxRangeEntries
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Limits.
             * @memberof cairn.v1
             * @interface ILimits
             * @augments cairn.v1.Limits.$Properties
             * @deprecated Use cairn.v1.Limits.$Properties instead.
             */

            /**
             * Shape of a Limits.
             * @typedef {cairn.v1.Limits.$Properties} cairn.v1.Limits.$Shape
             */

            /**
             * Constructs a new Limits.
             * @memberof cairn.v1
             * @classdesc Represents a Limits.
             * @constructor
             * @param {cairn.v1.Limits.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Limits = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Limits maxPayloadBytes.
             * @member {number|Long} maxPayloadBytes
             * @memberof cairn.v1.Limits
             * @instance
             */
            Limits.prototype.maxPayloadBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Limits maxBatchEntries.
             * @member {number|Long} maxBatchEntries
             * @memberof cairn.v1.Limits
             * @instance
             */
            Limits.prototype.maxBatchEntries = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Limits maxBatchBytes.
             * @member {number|Long} maxBatchBytes
             * @memberof cairn.v1.Limits
             * @instance
             */
            Limits.prototype.maxBatchBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Limits maxFutureSkewNs.
             * @member {number|Long} maxFutureSkewNs
             * @memberof cairn.v1.Limits
             * @instance
             */
            Limits.prototype.maxFutureSkewNs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Limits maxRangeEntries.
             * @member {number|Long} maxRangeEntries
             * @memberof cairn.v1.Limits
             * @instance
             */
            Limits.prototype.maxRangeEntries = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Limits instance using the specified properties.
             * @function create
             * @memberof cairn.v1.Limits
             * @static
             * @param {cairn.v1.Limits.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.Limits} Limits instance
             * @type {{
             *   (properties: cairn.v1.Limits.$Shape): cairn.v1.Limits & cairn.v1.Limits.$Shape;
             *   (properties?: cairn.v1.Limits.$Properties): cairn.v1.Limits;
             * }}
             */
            Limits.create = function(properties) {
                return new Limits(properties);
            };

            /**
             * Encodes the specified Limits message. Does not implicitly {@link cairn.v1.Limits.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.Limits
             * @static
             * @param {cairn.v1.Limits.$Properties} message Limits message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Limits.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.maxPayloadBytes != null && $Object.hasOwnProperty.call(message, "maxPayloadBytes") && (typeof message.maxPayloadBytes === "object" ? message.maxPayloadBytes.low || message.maxPayloadBytes.high : message.maxPayloadBytes !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.maxPayloadBytes);
                if (message.maxBatchEntries != null && $Object.hasOwnProperty.call(message, "maxBatchEntries") && (typeof message.maxBatchEntries === "object" ? message.maxBatchEntries.low || message.maxBatchEntries.high : message.maxBatchEntries !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.maxBatchEntries);
                if (message.maxBatchBytes != null && $Object.hasOwnProperty.call(message, "maxBatchBytes") && (typeof message.maxBatchBytes === "object" ? message.maxBatchBytes.low || message.maxBatchBytes.high : message.maxBatchBytes !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.maxBatchBytes);
                if (message.maxFutureSkewNs != null && $Object.hasOwnProperty.call(message, "maxFutureSkewNs") && (typeof message.maxFutureSkewNs === "object" ? message.maxFutureSkewNs.low || message.maxFutureSkewNs.high : message.maxFutureSkewNs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.maxFutureSkewNs);
                if (message.maxRangeEntries != null && $Object.hasOwnProperty.call(message, "maxRangeEntries") && (typeof message.maxRangeEntries === "object" ? message.maxRangeEntries.low || message.maxRangeEntries.high : message.maxRangeEntries !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.maxRangeEntries);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Limits message, length delimited. Does not implicitly {@link cairn.v1.Limits.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.Limits
             * @static
             * @param {cairn.v1.Limits.$Properties} message Limits message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Limits.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Limits message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.Limits
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.Limits & cairn.v1.Limits.$Shape} Limits
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Limits.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.Limits();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxPayloadBytes = value;
                            else
                                delete message.maxPayloadBytes;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxBatchEntries = value;
                            else
                                delete message.maxBatchEntries;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxBatchBytes = value;
                            else
                                delete message.maxBatchBytes;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxFutureSkewNs = value;
                            else
                                delete message.maxFutureSkewNs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxRangeEntries = value;
                            else
                                delete message.maxRangeEntries;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Limits message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.Limits
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.Limits & cairn.v1.Limits.$Shape} Limits
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Limits.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Limits message.
             * @function verify
             * @memberof cairn.v1.Limits
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Limits.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.maxPayloadBytes != null && $Object.hasOwnProperty.call(message, "maxPayloadBytes"))
                    if (!$util.isInteger(message.maxPayloadBytes) && !(message.maxPayloadBytes && $util.isInteger(message.maxPayloadBytes.low) && $util.isInteger(message.maxPayloadBytes.high)))
                        return "maxPayloadBytes: integer|Long expected";
                if (message.maxBatchEntries != null && $Object.hasOwnProperty.call(message, "maxBatchEntries"))
                    if (!$util.isInteger(message.maxBatchEntries) && !(message.maxBatchEntries && $util.isInteger(message.maxBatchEntries.low) && $util.isInteger(message.maxBatchEntries.high)))
                        return "maxBatchEntries: integer|Long expected";
                if (message.maxBatchBytes != null && $Object.hasOwnProperty.call(message, "maxBatchBytes"))
                    if (!$util.isInteger(message.maxBatchBytes) && !(message.maxBatchBytes && $util.isInteger(message.maxBatchBytes.low) && $util.isInteger(message.maxBatchBytes.high)))
                        return "maxBatchBytes: integer|Long expected";
                if (message.maxFutureSkewNs != null && $Object.hasOwnProperty.call(message, "maxFutureSkewNs"))
                    if (!$util.isInteger(message.maxFutureSkewNs) && !(message.maxFutureSkewNs && $util.isInteger(message.maxFutureSkewNs.low) && $util.isInteger(message.maxFutureSkewNs.high)))
                        return "maxFutureSkewNs: integer|Long expected";
                if (message.maxRangeEntries != null && $Object.hasOwnProperty.call(message, "maxRangeEntries"))
                    if (!$util.isInteger(message.maxRangeEntries) && !(message.maxRangeEntries && $util.isInteger(message.maxRangeEntries.low) && $util.isInteger(message.maxRangeEntries.high)))
                        return "maxRangeEntries: integer|Long expected";
                return null;
            };

            /**
             * Creates a Limits message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.Limits
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.Limits} Limits
             */
            Limits.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.Limits)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.Limits: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.Limits();
                if (object.maxPayloadBytes != null)
                    if (typeof object.maxPayloadBytes === "object" ? object.maxPayloadBytes.low || object.maxPayloadBytes.high : $Number(object.maxPayloadBytes) !== 0)
                        if ($util.Long)
                            message.maxPayloadBytes = $util.Long.fromValue(object.maxPayloadBytes, true);
                        else if (typeof object.maxPayloadBytes === "string")
                            message.maxPayloadBytes = $parseInt(object.maxPayloadBytes, 10);
                        else if (typeof object.maxPayloadBytes === "number")
                            message.maxPayloadBytes = object.maxPayloadBytes;
                        else if (typeof object.maxPayloadBytes === "object")
                            message.maxPayloadBytes = new $util.LongBits(object.maxPayloadBytes.low >>> 0, object.maxPayloadBytes.high >>> 0).toNumber(true);
                if (object.maxBatchEntries != null)
                    if (typeof object.maxBatchEntries === "object" ? object.maxBatchEntries.low || object.maxBatchEntries.high : $Number(object.maxBatchEntries) !== 0)
                        if ($util.Long)
                            message.maxBatchEntries = $util.Long.fromValue(object.maxBatchEntries, true);
                        else if (typeof object.maxBatchEntries === "string")
                            message.maxBatchEntries = $parseInt(object.maxBatchEntries, 10);
                        else if (typeof object.maxBatchEntries === "number")
                            message.maxBatchEntries = object.maxBatchEntries;
                        else if (typeof object.maxBatchEntries === "object")
                            message.maxBatchEntries = new $util.LongBits(object.maxBatchEntries.low >>> 0, object.maxBatchEntries.high >>> 0).toNumber(true);
                if (object.maxBatchBytes != null)
                    if (typeof object.maxBatchBytes === "object" ? object.maxBatchBytes.low || object.maxBatchBytes.high : $Number(object.maxBatchBytes) !== 0)
                        if ($util.Long)
                            message.maxBatchBytes = $util.Long.fromValue(object.maxBatchBytes, true);
                        else if (typeof object.maxBatchBytes === "string")
                            message.maxBatchBytes = $parseInt(object.maxBatchBytes, 10);
                        else if (typeof object.maxBatchBytes === "number")
                            message.maxBatchBytes = object.maxBatchBytes;
                        else if (typeof object.maxBatchBytes === "object")
                            message.maxBatchBytes = new $util.LongBits(object.maxBatchBytes.low >>> 0, object.maxBatchBytes.high >>> 0).toNumber(true);
                if (object.maxFutureSkewNs != null)
                    if (typeof object.maxFutureSkewNs === "object" ? object.maxFutureSkewNs.low || object.maxFutureSkewNs.high : $Number(object.maxFutureSkewNs) !== 0)
                        if ($util.Long)
                            message.maxFutureSkewNs = $util.Long.fromValue(object.maxFutureSkewNs, true);
                        else if (typeof object.maxFutureSkewNs === "string")
                            message.maxFutureSkewNs = $parseInt(object.maxFutureSkewNs, 10);
                        else if (typeof object.maxFutureSkewNs === "number")
                            message.maxFutureSkewNs = object.maxFutureSkewNs;
                        else if (typeof object.maxFutureSkewNs === "object")
                            message.maxFutureSkewNs = new $util.LongBits(object.maxFutureSkewNs.low >>> 0, object.maxFutureSkewNs.high >>> 0).toNumber(true);
                if (object.maxRangeEntries != null)
                    if (typeof object.maxRangeEntries === "object" ? object.maxRangeEntries.low || object.maxRangeEntries.high : $Number(object.maxRangeEntries) !== 0)
                        if ($util.Long)
                            message.maxRangeEntries = $util.Long.fromValue(object.maxRangeEntries, true);
                        else if (typeof object.maxRangeEntries === "string")
                            message.maxRangeEntries = $parseInt(object.maxRangeEntries, 10);
                        else if (typeof object.maxRangeEntries === "number")
                            message.maxRangeEntries = object.maxRangeEntries;
                        else if (typeof object.maxRangeEntries === "object")
                            message.maxRangeEntries = new $util.LongBits(object.maxRangeEntries.low >>> 0, object.maxRangeEntries.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a Limits message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.Limits
             * @static
             * @param {cairn.v1.Limits} message Limits
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Limits.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.maxPayloadBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.maxPayloadBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.maxBatchEntries = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.maxBatchEntries = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.maxBatchBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.maxBatchBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.maxFutureSkewNs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.maxFutureSkewNs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.maxRangeEntries = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.maxRangeEntries = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.maxPayloadBytes != null && $Object.hasOwnProperty.call(message, "maxPayloadBytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.maxPayloadBytes = typeof message.maxPayloadBytes === "number" ? $BigInt(message.maxPayloadBytes) : $util.Long.fromBits(message.maxPayloadBytes.low >>> 0, message.maxPayloadBytes.high >>> 0, true).toBigInt();
                    else if (typeof message.maxPayloadBytes === "number")
                        object.maxPayloadBytes = options.longs === $String ? $String(message.maxPayloadBytes) : message.maxPayloadBytes;
                    else
                        object.maxPayloadBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.maxPayloadBytes) : options.longs === $Number ? new $util.LongBits(message.maxPayloadBytes.low >>> 0, message.maxPayloadBytes.high >>> 0).toNumber(true) : message.maxPayloadBytes;
                if (message.maxBatchEntries != null && $Object.hasOwnProperty.call(message, "maxBatchEntries"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.maxBatchEntries = typeof message.maxBatchEntries === "number" ? $BigInt(message.maxBatchEntries) : $util.Long.fromBits(message.maxBatchEntries.low >>> 0, message.maxBatchEntries.high >>> 0, true).toBigInt();
                    else if (typeof message.maxBatchEntries === "number")
                        object.maxBatchEntries = options.longs === $String ? $String(message.maxBatchEntries) : message.maxBatchEntries;
                    else
                        object.maxBatchEntries = options.longs === $String ? $util.Long.prototype.toString.call(message.maxBatchEntries) : options.longs === $Number ? new $util.LongBits(message.maxBatchEntries.low >>> 0, message.maxBatchEntries.high >>> 0).toNumber(true) : message.maxBatchEntries;
                if (message.maxBatchBytes != null && $Object.hasOwnProperty.call(message, "maxBatchBytes"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.maxBatchBytes = typeof message.maxBatchBytes === "number" ? $BigInt(message.maxBatchBytes) : $util.Long.fromBits(message.maxBatchBytes.low >>> 0, message.maxBatchBytes.high >>> 0, true).toBigInt();
                    else if (typeof message.maxBatchBytes === "number")
                        object.maxBatchBytes = options.longs === $String ? $String(message.maxBatchBytes) : message.maxBatchBytes;
                    else
                        object.maxBatchBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.maxBatchBytes) : options.longs === $Number ? new $util.LongBits(message.maxBatchBytes.low >>> 0, message.maxBatchBytes.high >>> 0).toNumber(true) : message.maxBatchBytes;
                if (message.maxFutureSkewNs != null && $Object.hasOwnProperty.call(message, "maxFutureSkewNs"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.maxFutureSkewNs = typeof message.maxFutureSkewNs === "number" ? $BigInt(message.maxFutureSkewNs) : $util.Long.fromBits(message.maxFutureSkewNs.low >>> 0, message.maxFutureSkewNs.high >>> 0, true).toBigInt();
                    else if (typeof message.maxFutureSkewNs === "number")
                        object.maxFutureSkewNs = options.longs === $String ? $String(message.maxFutureSkewNs) : message.maxFutureSkewNs;
                    else
                        object.maxFutureSkewNs = options.longs === $String ? $util.Long.prototype.toString.call(message.maxFutureSkewNs) : options.longs === $Number ? new $util.LongBits(message.maxFutureSkewNs.low >>> 0, message.maxFutureSkewNs.high >>> 0).toNumber(true) : message.maxFutureSkewNs;
                if (message.maxRangeEntries != null && $Object.hasOwnProperty.call(message, "maxRangeEntries"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.maxRangeEntries = typeof message.maxRangeEntries === "number" ? $BigInt(message.maxRangeEntries) : $util.Long.fromBits(message.maxRangeEntries.low >>> 0, message.maxRangeEntries.high >>> 0, true).toBigInt();
                    else if (typeof message.maxRangeEntries === "number")
                        object.maxRangeEntries = options.longs === $String ? $String(message.maxRangeEntries) : message.maxRangeEntries;
                    else
                        object.maxRangeEntries = options.longs === $String ? $util.Long.prototype.toString.call(message.maxRangeEntries) : options.longs === $Number ? new $util.LongBits(message.maxRangeEntries.low >>> 0, message.maxRangeEntries.high >>> 0).toNumber(true) : message.maxRangeEntries;
                return object;
            };

            /**
             * Converts this Limits to JSON.
             * @function toJSON
             * @memberof cairn.v1.Limits
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Limits.prototype.toJSON = function() {
                return Limits.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Limits
             * @function getTypeUrl
             * @memberof cairn.v1.Limits
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Limits.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.Limits";
            };

            return Limits;
        })();

        v1.LogInfo = (function() {

            /**
             * Properties of a LogInfo.
             * @typedef {Object} cairn.v1.LogInfo.$Properties
             * @property {string|null} [origin] LogInfo origin
             * @property {string|null} [verifierKey] LogInfo verifierKey
             * @property {number|Long|null} [treeSize] LogInfo treeSize
             * @property {Uint8Array|null} [rootHash] LogInfo rootHash
             * @property {string|null} [checkpoint] LogInfo checkpoint
             * @property {cairn.v1.Limits.$Properties|null} [limits] LogInfo limits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LogInfo.
             * @memberof cairn.v1
             * @interface ILogInfo
             * @augments cairn.v1.LogInfo.$Properties
             * @deprecated Use cairn.v1.LogInfo.$Properties instead.
             */

            /**
             * Shape of a LogInfo.
             * @typedef {cairn.v1.LogInfo.$Properties} cairn.v1.LogInfo.$Shape
             */

            /**
             * Constructs a new LogInfo.
             * @memberof cairn.v1
             * @classdesc Represents a LogInfo.
             * @constructor
             * @param {cairn.v1.LogInfo.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LogInfo = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LogInfo origin.
             * @member {string} origin
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.origin = "";

            /**
             * LogInfo verifierKey.
             * @member {string} verifierKey
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.verifierKey = "";

            /**
             * LogInfo treeSize.
             * @member {number|Long} treeSize
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.treeSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LogInfo rootHash.
             * @member {Uint8Array} rootHash
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.rootHash = $util.newBuffer([]);

            /**
             * LogInfo checkpoint.
             * @member {string} checkpoint
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.checkpoint = "";

            /**
             * LogInfo limits.
             * @member {cairn.v1.Limits.$Properties|null|undefined} limits
             * @memberof cairn.v1.LogInfo
             * @instance
             */
            LogInfo.prototype.limits = null;

            /**
             * Creates a new LogInfo instance using the specified properties.
             * @function create
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {cairn.v1.LogInfo.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.LogInfo} LogInfo instance
             * @type {{
             *   (properties: cairn.v1.LogInfo.$Shape): cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape;
             *   (properties?: cairn.v1.LogInfo.$Properties): cairn.v1.LogInfo;
             * }}
             */
            LogInfo.create = function(properties) {
                return new LogInfo(properties);
            };

            /**
             * Encodes the specified LogInfo message. Does not implicitly {@link cairn.v1.LogInfo.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {cairn.v1.LogInfo.$Properties} message LogInfo message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LogInfo.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.origin != null && $Object.hasOwnProperty.call(message, "origin") && message.origin !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.origin);
                if (message.verifierKey != null && $Object.hasOwnProperty.call(message, "verifierKey") && message.verifierKey !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.verifierKey);
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize") && (typeof message.treeSize === "object" ? message.treeSize.low || message.treeSize.high : message.treeSize !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.treeSize);
                if (message.rootHash != null && $Object.hasOwnProperty.call(message, "rootHash") && message.rootHash.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.rootHash);
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint") && message.checkpoint !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.checkpoint);
                if (message.limits != null && $Object.hasOwnProperty.call(message, "limits"))
                    $root.cairn.v1.Limits.encode(message.limits, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified LogInfo message, length delimited. Does not implicitly {@link cairn.v1.LogInfo.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {cairn.v1.LogInfo.$Properties} message LogInfo message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LogInfo.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a LogInfo message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape} LogInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LogInfo.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.LogInfo();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.origin = value;
                            else
                                delete message.origin;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.verifierKey = value;
                            else
                                delete message.verifierKey;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.treeSize = value;
                            else
                                delete message.treeSize;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.rootHash = value;
                            else
                                delete message.rootHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.checkpoint = value;
                            else
                                delete message.checkpoint;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.limits = $root.cairn.v1.Limits.decode(reader, reader.size(), $undefined, _depth + 1, message.limits);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a LogInfo message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape} LogInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LogInfo.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a LogInfo message.
             * @function verify
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            LogInfo.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.origin != null && $Object.hasOwnProperty.call(message, "origin"))
                    if (!$util.isString(message.origin))
                        return "origin: string expected";
                if (message.verifierKey != null && $Object.hasOwnProperty.call(message, "verifierKey"))
                    if (!$util.isString(message.verifierKey))
                        return "verifierKey: string expected";
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (!$util.isInteger(message.treeSize) && !(message.treeSize && $util.isInteger(message.treeSize.low) && $util.isInteger(message.treeSize.high)))
                        return "treeSize: integer|Long expected";
                if (message.rootHash != null && $Object.hasOwnProperty.call(message, "rootHash"))
                    if (!(message.rootHash && typeof message.rootHash.length === "number" || $util.isString(message.rootHash)))
                        return "rootHash: buffer expected";
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    if (!$util.isString(message.checkpoint))
                        return "checkpoint: string expected";
                if (message.limits != null && $Object.hasOwnProperty.call(message, "limits")) {
                    let error = $root.cairn.v1.Limits.verify(message.limits, _depth + 1);
                    if (error)
                        return "limits." + error;
                }
                return null;
            };

            /**
             * Creates a LogInfo message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.LogInfo} LogInfo
             */
            LogInfo.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.LogInfo)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.LogInfo: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.LogInfo();
                if (object.origin != null)
                    if (typeof object.origin !== "string" || object.origin.length)
                        message.origin = $String(object.origin);
                if (object.verifierKey != null)
                    if (typeof object.verifierKey !== "string" || object.verifierKey.length)
                        message.verifierKey = $String(object.verifierKey);
                if (object.treeSize != null)
                    if (typeof object.treeSize === "object" ? object.treeSize.low || object.treeSize.high : $Number(object.treeSize) !== 0)
                        if ($util.Long)
                            message.treeSize = $util.Long.fromValue(object.treeSize, true);
                        else if (typeof object.treeSize === "string")
                            message.treeSize = $parseInt(object.treeSize, 10);
                        else if (typeof object.treeSize === "number")
                            message.treeSize = object.treeSize;
                        else if (typeof object.treeSize === "object")
                            message.treeSize = new $util.LongBits(object.treeSize.low >>> 0, object.treeSize.high >>> 0).toNumber(true);
                if (object.rootHash != null)
                    if (object.rootHash.length)
                        if (typeof object.rootHash === "string")
                            $util.base64.decode(object.rootHash, message.rootHash = $util.newBuffer($util.base64.length(object.rootHash)), 0);
                        else if (object.rootHash.length >= 0)
                            message.rootHash = object.rootHash;
                if (object.checkpoint != null)
                    if (typeof object.checkpoint !== "string" || object.checkpoint.length)
                        message.checkpoint = $String(object.checkpoint);
                if (object.limits != null) {
                    if (!$util.isObject(object.limits))
                        throw $TypeError(".cairn.v1.LogInfo.limits: object expected");
                    message.limits = $root.cairn.v1.Limits.fromObject(object.limits, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a LogInfo message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {cairn.v1.LogInfo} message LogInfo
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            LogInfo.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.origin = "";
                    object.verifierKey = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.treeSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.treeSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.rootHash = "";
                    else {
                        object.rootHash = [];
                        if (options.bytes !== $Array)
                            object.rootHash = $util.newBuffer(object.rootHash);
                    }
                    object.checkpoint = "";
                    object.limits = null;
                }
                if (message.origin != null && $Object.hasOwnProperty.call(message, "origin"))
                    object.origin = message.origin;
                if (message.verifierKey != null && $Object.hasOwnProperty.call(message, "verifierKey"))
                    object.verifierKey = message.verifierKey;
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.treeSize = typeof message.treeSize === "number" ? $BigInt(message.treeSize) : $util.Long.fromBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0, true).toBigInt();
                    else if (typeof message.treeSize === "number")
                        object.treeSize = options.longs === $String ? $String(message.treeSize) : message.treeSize;
                    else
                        object.treeSize = options.longs === $String ? $util.Long.prototype.toString.call(message.treeSize) : options.longs === $Number ? new $util.LongBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0).toNumber(true) : message.treeSize;
                if (message.rootHash != null && $Object.hasOwnProperty.call(message, "rootHash"))
                    object.rootHash = options.bytes === $String ? $util.base64.encode(message.rootHash, 0, message.rootHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.rootHash) : message.rootHash;
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    object.checkpoint = message.checkpoint;
                if (message.limits != null && $Object.hasOwnProperty.call(message, "limits"))
                    object.limits = $root.cairn.v1.Limits.toObject(message.limits, options, _depth + 1);
                return object;
            };

            /**
             * Converts this LogInfo to JSON.
             * @function toJSON
             * @memberof cairn.v1.LogInfo
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            LogInfo.prototype.toJSON = function() {
                return LogInfo.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for LogInfo
             * @function getTypeUrl
             * @memberof cairn.v1.LogInfo
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            LogInfo.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.LogInfo";
            };

            return LogInfo;
        })();

        v1.InclusionProof = (function() {

            /**
             * Properties of an InclusionProof.
             * @typedef {Object} cairn.v1.InclusionProof.$Properties
             * @property {number|Long|null} [index] InclusionProof index
             * @property {number|Long|null} [treeSize] InclusionProof treeSize
             * @property {Array.<Uint8Array>|null} [hashes] InclusionProof hashes
             * @property {Uint8Array|null} [leafHash] InclusionProof leafHash
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an InclusionProof.
             * @memberof cairn.v1
             * @interface IInclusionProof
             * @augments cairn.v1.InclusionProof.$Properties
             * @deprecated Use cairn.v1.InclusionProof.$Properties instead.
             */

            /**
             * Shape of an InclusionProof.
             * @typedef {cairn.v1.InclusionProof.$Properties} cairn.v1.InclusionProof.$Shape
             */

            /**
             * Constructs a new InclusionProof.
             * @memberof cairn.v1
             * @classdesc Represents an InclusionProof.
             * @constructor
             * @param {cairn.v1.InclusionProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const InclusionProof = function (properties) {
                this.hashes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * InclusionProof index.
             * @member {number|Long} index
             * @memberof cairn.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * InclusionProof treeSize.
             * @member {number|Long} treeSize
             * @memberof cairn.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.treeSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * InclusionProof hashes.
             * @member {Array.<Uint8Array>} hashes
             * @memberof cairn.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.hashes = $util.emptyArray;

            /**
             * InclusionProof leafHash.
             * @member {Uint8Array} leafHash
             * @memberof cairn.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.leafHash = $util.newBuffer([]);

            /**
             * Creates a new InclusionProof instance using the specified properties.
             * @function create
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {cairn.v1.InclusionProof.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.InclusionProof} InclusionProof instance
             * @type {{
             *   (properties: cairn.v1.InclusionProof.$Shape): cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape;
             *   (properties?: cairn.v1.InclusionProof.$Properties): cairn.v1.InclusionProof;
             * }}
             */
            InclusionProof.create = function(properties) {
                return new InclusionProof(properties);
            };

            /**
             * Encodes the specified InclusionProof message. Does not implicitly {@link cairn.v1.InclusionProof.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {cairn.v1.InclusionProof.$Properties} message InclusionProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InclusionProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.index);
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize") && (typeof message.treeSize === "object" ? message.treeSize.low || message.treeSize.high : message.treeSize !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.treeSize);
                if (message.hashes != null && message.hashes.length)
                    for (let i = 0; i < message.hashes.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.hashes[i]);
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash") && message.leafHash.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.leafHash);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified InclusionProof message, length delimited. Does not implicitly {@link cairn.v1.InclusionProof.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {cairn.v1.InclusionProof.$Properties} message InclusionProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InclusionProof.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an InclusionProof message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InclusionProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.InclusionProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.treeSize = value;
                            else
                                delete message.treeSize;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.hashes && message.hashes.length))
                                message.hashes = [];
                            message.hashes.push(reader.bytes());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.leafHash = value;
                            else
                                delete message.leafHash;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an InclusionProof message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InclusionProof.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an InclusionProof message.
             * @function verify
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            InclusionProof.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (!$util.isInteger(message.index) && !(message.index && $util.isInteger(message.index.low) && $util.isInteger(message.index.high)))
                        return "index: integer|Long expected";
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (!$util.isInteger(message.treeSize) && !(message.treeSize && $util.isInteger(message.treeSize.low) && $util.isInteger(message.treeSize.high)))
                        return "treeSize: integer|Long expected";
                if (message.hashes != null && $Object.hasOwnProperty.call(message, "hashes")) {
                    if (!$Array.isArray(message.hashes))
                        return "hashes: array expected";
                    for (let i = 0; i < message.hashes.length; ++i)
                        if (!(message.hashes[i] && typeof message.hashes[i].length === "number" || $util.isString(message.hashes[i])))
                            return "hashes: buffer[] expected";
                }
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    if (!(message.leafHash && typeof message.leafHash.length === "number" || $util.isString(message.leafHash)))
                        return "leafHash: buffer expected";
                return null;
            };

            /**
             * Creates an InclusionProof message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.InclusionProof} InclusionProof
             */
            InclusionProof.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.InclusionProof)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.InclusionProof: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.InclusionProof();
                if (object.index != null)
                    if (typeof object.index === "object" ? object.index.low || object.index.high : $Number(object.index) !== 0)
                        if ($util.Long)
                            message.index = $util.Long.fromValue(object.index, true);
                        else if (typeof object.index === "string")
                            message.index = $parseInt(object.index, 10);
                        else if (typeof object.index === "number")
                            message.index = object.index;
                        else if (typeof object.index === "object")
                            message.index = new $util.LongBits(object.index.low >>> 0, object.index.high >>> 0).toNumber(true);
                if (object.treeSize != null)
                    if (typeof object.treeSize === "object" ? object.treeSize.low || object.treeSize.high : $Number(object.treeSize) !== 0)
                        if ($util.Long)
                            message.treeSize = $util.Long.fromValue(object.treeSize, true);
                        else if (typeof object.treeSize === "string")
                            message.treeSize = $parseInt(object.treeSize, 10);
                        else if (typeof object.treeSize === "number")
                            message.treeSize = object.treeSize;
                        else if (typeof object.treeSize === "object")
                            message.treeSize = new $util.LongBits(object.treeSize.low >>> 0, object.treeSize.high >>> 0).toNumber(true);
                if (object.hashes) {
                    if (!$Array.isArray(object.hashes))
                        throw $TypeError(".cairn.v1.InclusionProof.hashes: array expected");
                    message.hashes = $Array(object.hashes.length);
                    for (let i = 0; i < object.hashes.length; ++i)
                        if (typeof object.hashes[i] === "string")
                            $util.base64.decode(object.hashes[i], message.hashes[i] = $util.newBuffer($util.base64.length(object.hashes[i])), 0);
                        else if (object.hashes[i].length >= 0)
                            message.hashes[i] = object.hashes[i];
                }
                if (object.leafHash != null)
                    if (object.leafHash.length)
                        if (typeof object.leafHash === "string")
                            $util.base64.decode(object.leafHash, message.leafHash = $util.newBuffer($util.base64.length(object.leafHash)), 0);
                        else if (object.leafHash.length >= 0)
                            message.leafHash = object.leafHash;
                return message;
            };

            /**
             * Creates a plain object from an InclusionProof message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {cairn.v1.InclusionProof} message InclusionProof
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            InclusionProof.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.hashes = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.index = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.index = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.treeSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.treeSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.leafHash = "";
                    else {
                        object.leafHash = [];
                        if (options.bytes !== $Array)
                            object.leafHash = $util.newBuffer(object.leafHash);
                    }
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.index = typeof message.index === "number" ? $BigInt(message.index) : $util.Long.fromBits(message.index.low >>> 0, message.index.high >>> 0, true).toBigInt();
                    else if (typeof message.index === "number")
                        object.index = options.longs === $String ? $String(message.index) : message.index;
                    else
                        object.index = options.longs === $String ? $util.Long.prototype.toString.call(message.index) : options.longs === $Number ? new $util.LongBits(message.index.low >>> 0, message.index.high >>> 0).toNumber(true) : message.index;
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.treeSize = typeof message.treeSize === "number" ? $BigInt(message.treeSize) : $util.Long.fromBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0, true).toBigInt();
                    else if (typeof message.treeSize === "number")
                        object.treeSize = options.longs === $String ? $String(message.treeSize) : message.treeSize;
                    else
                        object.treeSize = options.longs === $String ? $util.Long.prototype.toString.call(message.treeSize) : options.longs === $Number ? new $util.LongBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0).toNumber(true) : message.treeSize;
                if (message.hashes && message.hashes.length) {
                    object.hashes = $Array(message.hashes.length);
                    for (let j = 0; j < message.hashes.length; ++j)
                        object.hashes[j] = options.bytes === $String ? $util.base64.encode(message.hashes[j], 0, message.hashes[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.hashes[j]) : message.hashes[j];
                }
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    object.leafHash = options.bytes === $String ? $util.base64.encode(message.leafHash, 0, message.leafHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.leafHash) : message.leafHash;
                return object;
            };

            /**
             * Converts this InclusionProof to JSON.
             * @function toJSON
             * @memberof cairn.v1.InclusionProof
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            InclusionProof.prototype.toJSON = function() {
                return InclusionProof.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for InclusionProof
             * @function getTypeUrl
             * @memberof cairn.v1.InclusionProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            InclusionProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.InclusionProof";
            };

            return InclusionProof;
        })();

        v1.ConsistencyProof = (function() {

            /**
             * Properties of a ConsistencyProof.
             * @typedef {Object} cairn.v1.ConsistencyProof.$Properties
             * @property {number|Long|null} [from] ConsistencyProof from
             * @property {number|Long|null} [to] ConsistencyProof to
             * @property {Array.<Uint8Array>|null} [hashes] ConsistencyProof hashes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ConsistencyProof.
             * @memberof cairn.v1
             * @interface IConsistencyProof
             * @augments cairn.v1.ConsistencyProof.$Properties
             * @deprecated Use cairn.v1.ConsistencyProof.$Properties instead.
             */

            /**
             * Shape of a ConsistencyProof.
             * @typedef {cairn.v1.ConsistencyProof.$Properties} cairn.v1.ConsistencyProof.$Shape
             */

            /**
             * Constructs a new ConsistencyProof.
             * @memberof cairn.v1
             * @classdesc Represents a ConsistencyProof.
             * @constructor
             * @param {cairn.v1.ConsistencyProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ConsistencyProof = function (properties) {
                this.hashes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ConsistencyProof from.
             * @member {number|Long} from
             * @memberof cairn.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.from = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ConsistencyProof to.
             * @member {number|Long} to
             * @memberof cairn.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.to = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ConsistencyProof hashes.
             * @member {Array.<Uint8Array>} hashes
             * @memberof cairn.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.hashes = $util.emptyArray;

            /**
             * Creates a new ConsistencyProof instance using the specified properties.
             * @function create
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {cairn.v1.ConsistencyProof.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.ConsistencyProof} ConsistencyProof instance
             * @type {{
             *   (properties: cairn.v1.ConsistencyProof.$Shape): cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape;
             *   (properties?: cairn.v1.ConsistencyProof.$Properties): cairn.v1.ConsistencyProof;
             * }}
             */
            ConsistencyProof.create = function(properties) {
                return new ConsistencyProof(properties);
            };

            /**
             * Encodes the specified ConsistencyProof message. Does not implicitly {@link cairn.v1.ConsistencyProof.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {cairn.v1.ConsistencyProof.$Properties} message ConsistencyProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ConsistencyProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && (typeof message.from === "object" ? message.from.low || message.from.high : message.from !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && (typeof message.to === "object" ? message.to.low || message.to.high : message.to !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.to);
                if (message.hashes != null && message.hashes.length)
                    for (let i = 0; i < message.hashes.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.hashes[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ConsistencyProof message, length delimited. Does not implicitly {@link cairn.v1.ConsistencyProof.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {cairn.v1.ConsistencyProof.$Properties} message ConsistencyProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ConsistencyProof.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ConsistencyProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.ConsistencyProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.to = value;
                            else
                                delete message.to;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.hashes && message.hashes.length))
                                message.hashes = [];
                            message.hashes.push(reader.bytes());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ConsistencyProof.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ConsistencyProof message.
             * @function verify
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ConsistencyProof.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (!$util.isInteger(message.from) && !(message.from && $util.isInteger(message.from.low) && $util.isInteger(message.from.high)))
                        return "from: integer|Long expected";
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (!$util.isInteger(message.to) && !(message.to && $util.isInteger(message.to.low) && $util.isInteger(message.to.high)))
                        return "to: integer|Long expected";
                if (message.hashes != null && $Object.hasOwnProperty.call(message, "hashes")) {
                    if (!$Array.isArray(message.hashes))
                        return "hashes: array expected";
                    for (let i = 0; i < message.hashes.length; ++i)
                        if (!(message.hashes[i] && typeof message.hashes[i].length === "number" || $util.isString(message.hashes[i])))
                            return "hashes: buffer[] expected";
                }
                return null;
            };

            /**
             * Creates a ConsistencyProof message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.ConsistencyProof} ConsistencyProof
             */
            ConsistencyProof.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.ConsistencyProof)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.ConsistencyProof: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.ConsistencyProof();
                if (object.from != null)
                    if (typeof object.from === "object" ? object.from.low || object.from.high : $Number(object.from) !== 0)
                        if ($util.Long)
                            message.from = $util.Long.fromValue(object.from, true);
                        else if (typeof object.from === "string")
                            message.from = $parseInt(object.from, 10);
                        else if (typeof object.from === "number")
                            message.from = object.from;
                        else if (typeof object.from === "object")
                            message.from = new $util.LongBits(object.from.low >>> 0, object.from.high >>> 0).toNumber(true);
                if (object.to != null)
                    if (typeof object.to === "object" ? object.to.low || object.to.high : $Number(object.to) !== 0)
                        if ($util.Long)
                            message.to = $util.Long.fromValue(object.to, true);
                        else if (typeof object.to === "string")
                            message.to = $parseInt(object.to, 10);
                        else if (typeof object.to === "number")
                            message.to = object.to;
                        else if (typeof object.to === "object")
                            message.to = new $util.LongBits(object.to.low >>> 0, object.to.high >>> 0).toNumber(true);
                if (object.hashes) {
                    if (!$Array.isArray(object.hashes))
                        throw $TypeError(".cairn.v1.ConsistencyProof.hashes: array expected");
                    message.hashes = $Array(object.hashes.length);
                    for (let i = 0; i < object.hashes.length; ++i)
                        if (typeof object.hashes[i] === "string")
                            $util.base64.decode(object.hashes[i], message.hashes[i] = $util.newBuffer($util.base64.length(object.hashes[i])), 0);
                        else if (object.hashes[i].length >= 0)
                            message.hashes[i] = object.hashes[i];
                }
                return message;
            };

            /**
             * Creates a plain object from a ConsistencyProof message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {cairn.v1.ConsistencyProof} message ConsistencyProof
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ConsistencyProof.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.hashes = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.from = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.from = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.to = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.to = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.from != null && $Object.hasOwnProperty.call(message, "from"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.from = typeof message.from === "number" ? $BigInt(message.from) : $util.Long.fromBits(message.from.low >>> 0, message.from.high >>> 0, true).toBigInt();
                    else if (typeof message.from === "number")
                        object.from = options.longs === $String ? $String(message.from) : message.from;
                    else
                        object.from = options.longs === $String ? $util.Long.prototype.toString.call(message.from) : options.longs === $Number ? new $util.LongBits(message.from.low >>> 0, message.from.high >>> 0).toNumber(true) : message.from;
                if (message.to != null && $Object.hasOwnProperty.call(message, "to"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.to = typeof message.to === "number" ? $BigInt(message.to) : $util.Long.fromBits(message.to.low >>> 0, message.to.high >>> 0, true).toBigInt();
                    else if (typeof message.to === "number")
                        object.to = options.longs === $String ? $String(message.to) : message.to;
                    else
                        object.to = options.longs === $String ? $util.Long.prototype.toString.call(message.to) : options.longs === $Number ? new $util.LongBits(message.to.low >>> 0, message.to.high >>> 0).toNumber(true) : message.to;
                if (message.hashes && message.hashes.length) {
                    object.hashes = $Array(message.hashes.length);
                    for (let j = 0; j < message.hashes.length; ++j)
                        object.hashes[j] = options.bytes === $String ? $util.base64.encode(message.hashes[j], 0, message.hashes[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.hashes[j]) : message.hashes[j];
                }
                return object;
            };

            /**
             * Converts this ConsistencyProof to JSON.
             * @function toJSON
             * @memberof cairn.v1.ConsistencyProof
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ConsistencyProof.prototype.toJSON = function() {
                return ConsistencyProof.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ConsistencyProof
             * @function getTypeUrl
             * @memberof cairn.v1.ConsistencyProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ConsistencyProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.ConsistencyProof";
            };

            return ConsistencyProof;
        })();

        v1.SignedCheckpoint = (function() {

            /**
             * Properties of a SignedCheckpoint.
             * @typedef {Object} cairn.v1.SignedCheckpoint.$Properties
             * @property {number|Long|null} [treeSize] SignedCheckpoint treeSize
             * @property {string|null} [checkpoint] SignedCheckpoint checkpoint
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedCheckpoint.
             * @memberof cairn.v1
             * @interface ISignedCheckpoint
             * @augments cairn.v1.SignedCheckpoint.$Properties
             * @deprecated Use cairn.v1.SignedCheckpoint.$Properties instead.
             */

            /**
             * Shape of a SignedCheckpoint.
             * @typedef {cairn.v1.SignedCheckpoint.$Properties} cairn.v1.SignedCheckpoint.$Shape
             */

            /**
             * Constructs a new SignedCheckpoint.
             * @memberof cairn.v1
             * @classdesc Represents a SignedCheckpoint.
             * @constructor
             * @param {cairn.v1.SignedCheckpoint.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedCheckpoint = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedCheckpoint treeSize.
             * @member {number|Long} treeSize
             * @memberof cairn.v1.SignedCheckpoint
             * @instance
             */
            SignedCheckpoint.prototype.treeSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SignedCheckpoint checkpoint.
             * @member {string} checkpoint
             * @memberof cairn.v1.SignedCheckpoint
             * @instance
             */
            SignedCheckpoint.prototype.checkpoint = "";

            /**
             * Creates a new SignedCheckpoint instance using the specified properties.
             * @function create
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {cairn.v1.SignedCheckpoint.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.SignedCheckpoint} SignedCheckpoint instance
             * @type {{
             *   (properties: cairn.v1.SignedCheckpoint.$Shape): cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape;
             *   (properties?: cairn.v1.SignedCheckpoint.$Properties): cairn.v1.SignedCheckpoint;
             * }}
             */
            SignedCheckpoint.create = function(properties) {
                return new SignedCheckpoint(properties);
            };

            /**
             * Encodes the specified SignedCheckpoint message. Does not implicitly {@link cairn.v1.SignedCheckpoint.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {cairn.v1.SignedCheckpoint.$Properties} message SignedCheckpoint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedCheckpoint.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize") && (typeof message.treeSize === "object" ? message.treeSize.low || message.treeSize.high : message.treeSize !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.treeSize);
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint") && message.checkpoint !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.checkpoint);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified SignedCheckpoint message, length delimited. Does not implicitly {@link cairn.v1.SignedCheckpoint.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {cairn.v1.SignedCheckpoint.$Properties} message SignedCheckpoint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedCheckpoint.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a SignedCheckpoint message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape} SignedCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedCheckpoint.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.SignedCheckpoint();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.treeSize = value;
                            else
                                delete message.treeSize;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.checkpoint = value;
                            else
                                delete message.checkpoint;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a SignedCheckpoint message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape} SignedCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedCheckpoint.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a SignedCheckpoint message.
             * @function verify
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            SignedCheckpoint.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (!$util.isInteger(message.treeSize) && !(message.treeSize && $util.isInteger(message.treeSize.low) && $util.isInteger(message.treeSize.high)))
                        return "treeSize: integer|Long expected";
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    if (!$util.isString(message.checkpoint))
                        return "checkpoint: string expected";
                return null;
            };

            /**
             * Creates a SignedCheckpoint message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.SignedCheckpoint} SignedCheckpoint
             */
            SignedCheckpoint.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.SignedCheckpoint)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.SignedCheckpoint: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.SignedCheckpoint();
                if (object.treeSize != null)
                    if (typeof object.treeSize === "object" ? object.treeSize.low || object.treeSize.high : $Number(object.treeSize) !== 0)
                        if ($util.Long)
                            message.treeSize = $util.Long.fromValue(object.treeSize, true);
                        else if (typeof object.treeSize === "string")
                            message.treeSize = $parseInt(object.treeSize, 10);
                        else if (typeof object.treeSize === "number")
                            message.treeSize = object.treeSize;
                        else if (typeof object.treeSize === "object")
                            message.treeSize = new $util.LongBits(object.treeSize.low >>> 0, object.treeSize.high >>> 0).toNumber(true);
                if (object.checkpoint != null)
                    if (typeof object.checkpoint !== "string" || object.checkpoint.length)
                        message.checkpoint = $String(object.checkpoint);
                return message;
            };

            /**
             * Creates a plain object from a SignedCheckpoint message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {cairn.v1.SignedCheckpoint} message SignedCheckpoint
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SignedCheckpoint.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.treeSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.treeSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.checkpoint = "";
                }
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.treeSize = typeof message.treeSize === "number" ? $BigInt(message.treeSize) : $util.Long.fromBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0, true).toBigInt();
                    else if (typeof message.treeSize === "number")
                        object.treeSize = options.longs === $String ? $String(message.treeSize) : message.treeSize;
                    else
                        object.treeSize = options.longs === $String ? $util.Long.prototype.toString.call(message.treeSize) : options.longs === $Number ? new $util.LongBits(message.treeSize.low >>> 0, message.treeSize.high >>> 0).toNumber(true) : message.treeSize;
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    object.checkpoint = message.checkpoint;
                return object;
            };

            /**
             * Converts this SignedCheckpoint to JSON.
             * @function toJSON
             * @memberof cairn.v1.SignedCheckpoint
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SignedCheckpoint.prototype.toJSON = function() {
                return SignedCheckpoint.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for SignedCheckpoint
             * @function getTypeUrl
             * @memberof cairn.v1.SignedCheckpoint
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedCheckpoint.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.SignedCheckpoint";
            };

            return SignedCheckpoint;
        })();

        v1.Entry = (function() {

            /**
             * Properties of an Entry.
             * @typedef {Object} cairn.v1.Entry.$Properties
             * @property {number|Long|null} [index] Entry index
             * @property {Uint8Array|null} [entry] Entry entry
             * @property {Uint8Array|null} [leafHash] Entry leafHash
             * @property {cairn.v1.LogEntry.$Properties|null} [decoded] Entry decoded
             * @property {Uint8Array|null} [payload] Entry payload
             * @property {Uint8Array|null} [nonce] Entry nonce
             * @property {cairn.v1.InclusionProof.$Properties|null} [proof] Entry proof
             * @property {string|null} [checkpoint] Entry checkpoint
             * @property {boolean|null} [payloadAvailable] Entry payloadAvailable
             * @property {cairn.v1.ReceiptErasure.$Properties|null} [erased] Entry erased
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Entry.
             * @memberof cairn.v1
             * @interface IEntry
             * @augments cairn.v1.Entry.$Properties
             * @deprecated Use cairn.v1.Entry.$Properties instead.
             */

            /**
             * Shape of an Entry.
             * @typedef {cairn.v1.Entry.$Properties} cairn.v1.Entry.$Shape
             */

            /**
             * Constructs a new Entry.
             * @memberof cairn.v1
             * @classdesc Represents an Entry.
             * @constructor
             * @param {cairn.v1.Entry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Entry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Entry index.
             * @member {number|Long} index
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Entry entry.
             * @member {Uint8Array} entry
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.entry = $util.newBuffer([]);

            /**
             * Entry leafHash.
             * @member {Uint8Array} leafHash
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.leafHash = $util.newBuffer([]);

            /**
             * Entry decoded.
             * @member {cairn.v1.LogEntry.$Properties|null|undefined} decoded
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.decoded = null;

            /**
             * Entry payload.
             * @member {Uint8Array} payload
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.payload = $util.newBuffer([]);

            /**
             * Entry nonce.
             * @member {Uint8Array} nonce
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.nonce = $util.newBuffer([]);

            /**
             * Entry proof.
             * @member {cairn.v1.InclusionProof.$Properties|null|undefined} proof
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.proof = null;

            /**
             * Entry checkpoint.
             * @member {string} checkpoint
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.checkpoint = "";

            /**
             * Entry payloadAvailable.
             * @member {boolean} payloadAvailable
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.payloadAvailable = false;

            /**
             * Entry erased.
             * @member {cairn.v1.ReceiptErasure.$Properties|null|undefined} erased
             * @memberof cairn.v1.Entry
             * @instance
             */
            Entry.prototype.erased = null;

            /**
             * Creates a new Entry instance using the specified properties.
             * @function create
             * @memberof cairn.v1.Entry
             * @static
             * @param {cairn.v1.Entry.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.Entry} Entry instance
             * @type {{
             *   (properties: cairn.v1.Entry.$Shape): cairn.v1.Entry & cairn.v1.Entry.$Shape;
             *   (properties?: cairn.v1.Entry.$Properties): cairn.v1.Entry;
             * }}
             */
            Entry.create = function(properties) {
                return new Entry(properties);
            };

            /**
             * Encodes the specified Entry message. Does not implicitly {@link cairn.v1.Entry.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.Entry
             * @static
             * @param {cairn.v1.Entry.$Properties} message Entry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Entry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.index);
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry") && message.entry.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.entry);
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash") && message.leafHash.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.leafHash);
                if (message.decoded != null && $Object.hasOwnProperty.call(message, "decoded"))
                    $root.cairn.v1.LogEntry.encode(message.decoded, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.payload);
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.nonce);
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof"))
                    $root.cairn.v1.InclusionProof.encode(message.proof, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint") && message.checkpoint !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.checkpoint);
                if (message.payloadAvailable != null && $Object.hasOwnProperty.call(message, "payloadAvailable") && message.payloadAvailable !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.payloadAvailable);
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased"))
                    $root.cairn.v1.ReceiptErasure.encode(message.erased, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Entry message, length delimited. Does not implicitly {@link cairn.v1.Entry.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.Entry
             * @static
             * @param {cairn.v1.Entry.$Properties} message Entry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Entry.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Entry message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.Entry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.Entry & cairn.v1.Entry.$Shape} Entry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Entry.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.Entry();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.entry = value;
                            else
                                delete message.entry;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.leafHash = value;
                            else
                                delete message.leafHash;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.decoded = $root.cairn.v1.LogEntry.decode(reader, reader.size(), $undefined, _depth + 1, message.decoded);
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payload = value;
                            else
                                delete message.payload;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.proof = $root.cairn.v1.InclusionProof.decode(reader, reader.size(), $undefined, _depth + 1, message.proof);
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.checkpoint = value;
                            else
                                delete message.checkpoint;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.payloadAvailable = value;
                            else
                                delete message.payloadAvailable;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.erased = $root.cairn.v1.ReceiptErasure.decode(reader, reader.size(), $undefined, _depth + 1, message.erased);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Entry message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.Entry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.Entry & cairn.v1.Entry.$Shape} Entry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Entry.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Entry message.
             * @function verify
             * @memberof cairn.v1.Entry
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Entry.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (!$util.isInteger(message.index) && !(message.index && $util.isInteger(message.index.low) && $util.isInteger(message.index.high)))
                        return "index: integer|Long expected";
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry"))
                    if (!(message.entry && typeof message.entry.length === "number" || $util.isString(message.entry)))
                        return "entry: buffer expected";
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    if (!(message.leafHash && typeof message.leafHash.length === "number" || $util.isString(message.leafHash)))
                        return "leafHash: buffer expected";
                if (message.decoded != null && $Object.hasOwnProperty.call(message, "decoded")) {
                    let error = $root.cairn.v1.LogEntry.verify(message.decoded, _depth + 1);
                    if (error)
                        return "decoded." + error;
                }
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    if (!(message.payload && typeof message.payload.length === "number" || $util.isString(message.payload)))
                        return "payload: buffer expected";
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce"))
                    if (!(message.nonce && typeof message.nonce.length === "number" || $util.isString(message.nonce)))
                        return "nonce: buffer expected";
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof")) {
                    let error = $root.cairn.v1.InclusionProof.verify(message.proof, _depth + 1);
                    if (error)
                        return "proof." + error;
                }
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    if (!$util.isString(message.checkpoint))
                        return "checkpoint: string expected";
                if (message.payloadAvailable != null && $Object.hasOwnProperty.call(message, "payloadAvailable"))
                    if (typeof message.payloadAvailable !== "boolean")
                        return "payloadAvailable: boolean expected";
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased")) {
                    let error = $root.cairn.v1.ReceiptErasure.verify(message.erased, _depth + 1);
                    if (error)
                        return "erased." + error;
                }
                return null;
            };

            /**
             * Creates an Entry message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.Entry
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.Entry} Entry
             */
            Entry.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.Entry)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.Entry: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.Entry();
                if (object.index != null)
                    if (typeof object.index === "object" ? object.index.low || object.index.high : $Number(object.index) !== 0)
                        if ($util.Long)
                            message.index = $util.Long.fromValue(object.index, true);
                        else if (typeof object.index === "string")
                            message.index = $parseInt(object.index, 10);
                        else if (typeof object.index === "number")
                            message.index = object.index;
                        else if (typeof object.index === "object")
                            message.index = new $util.LongBits(object.index.low >>> 0, object.index.high >>> 0).toNumber(true);
                if (object.entry != null)
                    if (object.entry.length)
                        if (typeof object.entry === "string")
                            $util.base64.decode(object.entry, message.entry = $util.newBuffer($util.base64.length(object.entry)), 0);
                        else if (object.entry.length >= 0)
                            message.entry = object.entry;
                if (object.leafHash != null)
                    if (object.leafHash.length)
                        if (typeof object.leafHash === "string")
                            $util.base64.decode(object.leafHash, message.leafHash = $util.newBuffer($util.base64.length(object.leafHash)), 0);
                        else if (object.leafHash.length >= 0)
                            message.leafHash = object.leafHash;
                if (object.decoded != null) {
                    if (!$util.isObject(object.decoded))
                        throw $TypeError(".cairn.v1.Entry.decoded: object expected");
                    message.decoded = $root.cairn.v1.LogEntry.fromObject(object.decoded, _depth + 1);
                }
                if (object.payload != null)
                    if (object.payload.length)
                        if (typeof object.payload === "string")
                            $util.base64.decode(object.payload, message.payload = $util.newBuffer($util.base64.length(object.payload)), 0);
                        else if (object.payload.length >= 0)
                            message.payload = object.payload;
                if (object.nonce != null)
                    if (object.nonce.length)
                        if (typeof object.nonce === "string")
                            $util.base64.decode(object.nonce, message.nonce = $util.newBuffer($util.base64.length(object.nonce)), 0);
                        else if (object.nonce.length >= 0)
                            message.nonce = object.nonce;
                if (object.proof != null) {
                    if (!$util.isObject(object.proof))
                        throw $TypeError(".cairn.v1.Entry.proof: object expected");
                    message.proof = $root.cairn.v1.InclusionProof.fromObject(object.proof, _depth + 1);
                }
                if (object.checkpoint != null)
                    if (typeof object.checkpoint !== "string" || object.checkpoint.length)
                        message.checkpoint = $String(object.checkpoint);
                if (object.payloadAvailable != null)
                    if (object.payloadAvailable)
                        message.payloadAvailable = $Boolean(object.payloadAvailable);
                if (object.erased != null) {
                    if (!$util.isObject(object.erased))
                        throw $TypeError(".cairn.v1.Entry.erased: object expected");
                    message.erased = $root.cairn.v1.ReceiptErasure.fromObject(object.erased, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an Entry message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.Entry
             * @static
             * @param {cairn.v1.Entry} message Entry
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Entry.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.index = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.index = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if (options.bytes === $String)
                        object.entry = "";
                    else {
                        object.entry = [];
                        if (options.bytes !== $Array)
                            object.entry = $util.newBuffer(object.entry);
                    }
                    if (options.bytes === $String)
                        object.leafHash = "";
                    else {
                        object.leafHash = [];
                        if (options.bytes !== $Array)
                            object.leafHash = $util.newBuffer(object.leafHash);
                    }
                    object.decoded = null;
                    if (options.bytes === $String)
                        object.payload = "";
                    else {
                        object.payload = [];
                        if (options.bytes !== $Array)
                            object.payload = $util.newBuffer(object.payload);
                    }
                    if (options.bytes === $String)
                        object.nonce = "";
                    else {
                        object.nonce = [];
                        if (options.bytes !== $Array)
                            object.nonce = $util.newBuffer(object.nonce);
                    }
                    object.proof = null;
                    object.checkpoint = "";
                    object.payloadAvailable = false;
                    object.erased = null;
                }
                if (message.index != null && $Object.hasOwnProperty.call(message, "index"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.index = typeof message.index === "number" ? $BigInt(message.index) : $util.Long.fromBits(message.index.low >>> 0, message.index.high >>> 0, true).toBigInt();
                    else if (typeof message.index === "number")
                        object.index = options.longs === $String ? $String(message.index) : message.index;
                    else
                        object.index = options.longs === $String ? $util.Long.prototype.toString.call(message.index) : options.longs === $Number ? new $util.LongBits(message.index.low >>> 0, message.index.high >>> 0).toNumber(true) : message.index;
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry"))
                    object.entry = options.bytes === $String ? $util.base64.encode(message.entry, 0, message.entry.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.entry) : message.entry;
                if (message.leafHash != null && $Object.hasOwnProperty.call(message, "leafHash"))
                    object.leafHash = options.bytes === $String ? $util.base64.encode(message.leafHash, 0, message.leafHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.leafHash) : message.leafHash;
                if (message.decoded != null && $Object.hasOwnProperty.call(message, "decoded"))
                    object.decoded = $root.cairn.v1.LogEntry.toObject(message.decoded, options, _depth + 1);
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    object.payload = options.bytes === $String ? $util.base64.encode(message.payload, 0, message.payload.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.payload) : message.payload;
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce"))
                    object.nonce = options.bytes === $String ? $util.base64.encode(message.nonce, 0, message.nonce.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.nonce) : message.nonce;
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof"))
                    object.proof = $root.cairn.v1.InclusionProof.toObject(message.proof, options, _depth + 1);
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    object.checkpoint = message.checkpoint;
                if (message.payloadAvailable != null && $Object.hasOwnProperty.call(message, "payloadAvailable"))
                    object.payloadAvailable = message.payloadAvailable;
                if (message.erased != null && $Object.hasOwnProperty.call(message, "erased"))
                    object.erased = $root.cairn.v1.ReceiptErasure.toObject(message.erased, options, _depth + 1);
                return object;
            };

            /**
             * Converts this Entry to JSON.
             * @function toJSON
             * @memberof cairn.v1.Entry
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Entry.prototype.toJSON = function() {
                return Entry.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Entry
             * @function getTypeUrl
             * @memberof cairn.v1.Entry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Entry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.Entry";
            };

            return Entry;
        })();

        v1.EntryList = (function() {

            /**
             * Properties of an EntryList.
             * @typedef {Object} cairn.v1.EntryList.$Properties
             * @property {number|Long|null} [start] EntryList start
             * @property {number|Long|null} [end] EntryList end
             * @property {Array.<cairn.v1.Entry.$Properties>|null} [entries] EntryList entries
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EntryList.
             * @memberof cairn.v1
             * @interface IEntryList
             * @augments cairn.v1.EntryList.$Properties
             * @deprecated Use cairn.v1.EntryList.$Properties instead.
             */

            /**
             * Shape of an EntryList.
             * @typedef {cairn.v1.EntryList.$Properties} cairn.v1.EntryList.$Shape
             */

            /**
             * Constructs a new EntryList.
             * @memberof cairn.v1
             * @classdesc Represents an EntryList.
             * @constructor
             * @param {cairn.v1.EntryList.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const EntryList = function (properties) {
                this.entries = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * EntryList start.
             * @member {number|Long} start
             * @memberof cairn.v1.EntryList
             * @instance
             */
            EntryList.prototype.start = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * EntryList end.
             * @member {number|Long} end
             * @memberof cairn.v1.EntryList
             * @instance
             */
            EntryList.prototype.end = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * EntryList entries.
             * @member {Array.<cairn.v1.Entry.$Properties>} entries
             * @memberof cairn.v1.EntryList
             * @instance
             */
            EntryList.prototype.entries = $util.emptyArray;

            /**
             * Creates a new EntryList instance using the specified properties.
             * @function create
             * @memberof cairn.v1.EntryList
             * @static
             * @param {cairn.v1.EntryList.$Properties=} [properties] Properties to set
             * @returns {cairn.v1.EntryList} EntryList instance
             * @type {{
             *   (properties: cairn.v1.EntryList.$Shape): cairn.v1.EntryList & cairn.v1.EntryList.$Shape;
             *   (properties?: cairn.v1.EntryList.$Properties): cairn.v1.EntryList;
             * }}
             */
            EntryList.create = function(properties) {
                return new EntryList(properties);
            };

            /**
             * Encodes the specified EntryList message. Does not implicitly {@link cairn.v1.EntryList.verify|verify} messages.
             * @function encode
             * @memberof cairn.v1.EntryList
             * @static
             * @param {cairn.v1.EntryList.$Properties} message EntryList message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EntryList.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.start != null && $Object.hasOwnProperty.call(message, "start") && (typeof message.start === "object" ? message.start.low || message.start.high : message.start !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.start);
                if (message.end != null && $Object.hasOwnProperty.call(message, "end") && (typeof message.end === "object" ? message.end.low || message.end.high : message.end !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.end);
                if (message.entries != null && message.entries.length)
                    for (let i = 0; i < message.entries.length; ++i)
                        $root.cairn.v1.Entry.encode(message.entries[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified EntryList message, length delimited. Does not implicitly {@link cairn.v1.EntryList.verify|verify} messages.
             * @function encodeDelimited
             * @memberof cairn.v1.EntryList
             * @static
             * @param {cairn.v1.EntryList.$Properties} message EntryList message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EntryList.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an EntryList message from the specified reader or buffer.
             * @function decode
             * @memberof cairn.v1.EntryList
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {cairn.v1.EntryList & cairn.v1.EntryList.$Shape} EntryList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EntryList.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.cairn.v1.EntryList();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.start = value;
                            else
                                delete message.start;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.end = value;
                            else
                                delete message.end;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.entries && message.entries.length))
                                message.entries = [];
                            message.entries.push($root.cairn.v1.Entry.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an EntryList message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof cairn.v1.EntryList
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {cairn.v1.EntryList & cairn.v1.EntryList.$Shape} EntryList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EntryList.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an EntryList message.
             * @function verify
             * @memberof cairn.v1.EntryList
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            EntryList.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.start != null && $Object.hasOwnProperty.call(message, "start"))
                    if (!$util.isInteger(message.start) && !(message.start && $util.isInteger(message.start.low) && $util.isInteger(message.start.high)))
                        return "start: integer|Long expected";
                if (message.end != null && $Object.hasOwnProperty.call(message, "end"))
                    if (!$util.isInteger(message.end) && !(message.end && $util.isInteger(message.end.low) && $util.isInteger(message.end.high)))
                        return "end: integer|Long expected";
                if (message.entries != null && $Object.hasOwnProperty.call(message, "entries")) {
                    if (!$Array.isArray(message.entries))
                        return "entries: array expected";
                    for (let i = 0; i < message.entries.length; ++i) {
                        let error = $root.cairn.v1.Entry.verify(message.entries[i], _depth + 1);
                        if (error)
                            return "entries." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an EntryList message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof cairn.v1.EntryList
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {cairn.v1.EntryList} EntryList
             */
            EntryList.fromObject = function (object, _depth) {
                if (object instanceof $root.cairn.v1.EntryList)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".cairn.v1.EntryList: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.cairn.v1.EntryList();
                if (object.start != null)
                    if (typeof object.start === "object" ? object.start.low || object.start.high : $Number(object.start) !== 0)
                        if ($util.Long)
                            message.start = $util.Long.fromValue(object.start, true);
                        else if (typeof object.start === "string")
                            message.start = $parseInt(object.start, 10);
                        else if (typeof object.start === "number")
                            message.start = object.start;
                        else if (typeof object.start === "object")
                            message.start = new $util.LongBits(object.start.low >>> 0, object.start.high >>> 0).toNumber(true);
                if (object.end != null)
                    if (typeof object.end === "object" ? object.end.low || object.end.high : $Number(object.end) !== 0)
                        if ($util.Long)
                            message.end = $util.Long.fromValue(object.end, true);
                        else if (typeof object.end === "string")
                            message.end = $parseInt(object.end, 10);
                        else if (typeof object.end === "number")
                            message.end = object.end;
                        else if (typeof object.end === "object")
                            message.end = new $util.LongBits(object.end.low >>> 0, object.end.high >>> 0).toNumber(true);
                if (object.entries) {
                    if (!$Array.isArray(object.entries))
                        throw $TypeError(".cairn.v1.EntryList.entries: array expected");
                    message.entries = $Array(object.entries.length);
                    for (let i = 0; i < object.entries.length; ++i) {
                        if (!$util.isObject(object.entries[i]))
                            throw $TypeError(".cairn.v1.EntryList.entries: object expected");
                        message.entries[i] = $root.cairn.v1.Entry.fromObject(object.entries[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from an EntryList message. Also converts values to other types if specified.
             * @function toObject
             * @memberof cairn.v1.EntryList
             * @static
             * @param {cairn.v1.EntryList} message EntryList
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            EntryList.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.entries = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.start = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.start = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.end = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.end = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.start != null && $Object.hasOwnProperty.call(message, "start"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.start = typeof message.start === "number" ? $BigInt(message.start) : $util.Long.fromBits(message.start.low >>> 0, message.start.high >>> 0, true).toBigInt();
                    else if (typeof message.start === "number")
                        object.start = options.longs === $String ? $String(message.start) : message.start;
                    else
                        object.start = options.longs === $String ? $util.Long.prototype.toString.call(message.start) : options.longs === $Number ? new $util.LongBits(message.start.low >>> 0, message.start.high >>> 0).toNumber(true) : message.start;
                if (message.end != null && $Object.hasOwnProperty.call(message, "end"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.end = typeof message.end === "number" ? $BigInt(message.end) : $util.Long.fromBits(message.end.low >>> 0, message.end.high >>> 0, true).toBigInt();
                    else if (typeof message.end === "number")
                        object.end = options.longs === $String ? $String(message.end) : message.end;
                    else
                        object.end = options.longs === $String ? $util.Long.prototype.toString.call(message.end) : options.longs === $Number ? new $util.LongBits(message.end.low >>> 0, message.end.high >>> 0).toNumber(true) : message.end;
                if (message.entries && message.entries.length) {
                    object.entries = $Array(message.entries.length);
                    for (let j = 0; j < message.entries.length; ++j)
                        object.entries[j] = $root.cairn.v1.Entry.toObject(message.entries[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this EntryList to JSON.
             * @function toJSON
             * @memberof cairn.v1.EntryList
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            EntryList.prototype.toJSON = function() {
                return EntryList.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for EntryList
             * @function getTypeUrl
             * @memberof cairn.v1.EntryList
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            EntryList.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/cairn.v1.EntryList";
            };

            return EntryList;
        })();

        return v1;
    })();

    return cairn;
})();

export {
  $root as default
};
