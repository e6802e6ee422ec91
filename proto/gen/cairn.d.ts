import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace cairn. */
export namespace cairn {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of a LogEntry.
         * @deprecated Use cairn.v1.LogEntry.$Properties instead.
         */
        interface ILogEntry extends cairn.v1.LogEntry.$Properties {
        }

        /** Represents a LogEntry. */
        class LogEntry {

            /**
             * Constructs a new LogEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.LogEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LogEntry timestamp. */
            timestamp: (number|Long);

            /** LogEntry submitter. */
            submitter: string;

            /** LogEntry contentType. */
            contentType: string;

            /** LogEntry commitment. */
            commitment: Uint8Array;

            /** LogEntry payloadSize. */
            payloadSize: (number|Long);

            /** LogEntry occurredAt. */
            occurredAt: (number|Long);

            /** LogEntry clockUnsynchronized. */
            clockUnsynchronized: boolean;

            /**
             * Creates a new LogEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LogEntry instance
             */
            static create(properties: cairn.v1.LogEntry.$Shape): cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape;
            static create(properties?: cairn.v1.LogEntry.$Properties): cairn.v1.LogEntry;

            /**
             * Encodes the specified LogEntry message. Does not implicitly {@link cairn.v1.LogEntry.verify|verify} messages.
             * @param message LogEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.LogEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified LogEntry message, length delimited. Does not implicitly {@link cairn.v1.LogEntry.verify|verify} messages.
             * @param message LogEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.LogEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LogEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape} LogEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape;

            /**
             * Decodes a LogEntry message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape} LogEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.LogEntry & cairn.v1.LogEntry.$Shape;

            /**
             * Verifies a LogEntry message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a LogEntry message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns LogEntry
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.LogEntry;

            /**
             * Creates a plain object from a LogEntry message. Also converts values to other types if specified.
             * @param message LogEntry
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.LogEntry, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this LogEntry to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for LogEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LogEntry {

            /** Properties of a LogEntry. */
            interface $Properties {

                /** LogEntry timestamp */
                timestamp?: (number|Long|null);

                /** LogEntry submitter */
                submitter?: (string|null);

                /** LogEntry contentType */
                contentType?: (string|null);

                /** LogEntry commitment */
                commitment?: (Uint8Array|null);

                /** LogEntry payloadSize */
                payloadSize?: (number|Long|null);

                /** LogEntry occurredAt */
                occurredAt?: (number|Long|null);

                /** LogEntry clockUnsynchronized */
                clockUnsynchronized?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LogEntry. */
            type $Shape = cairn.v1.LogEntry.$Properties;
        }

        /**
         * Properties of a Receipt.
         * @deprecated Use cairn.v1.Receipt.$Properties instead.
         */
        interface IReceipt extends cairn.v1.Receipt.$Properties {
        }

        /** Represents a Receipt. */
        class Receipt {

            /**
             * Constructs a new Receipt.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.Receipt.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Receipt index. */
            index: (number|Long);

            /** Receipt leafHash. */
            leafHash: Uint8Array;

            /** Receipt timestamp. */
            timestamp: (number|Long);

            /** Receipt treeSize. */
            treeSize: (number|Long);

            /** Receipt entry. */
            entry: Uint8Array;

            /** Receipt payload. */
            payload: Uint8Array;

            /** Receipt nonce. */
            nonce: Uint8Array;

            /** Receipt proof. */
            proof: string;

            /** Receipt erased. */
            erased?: (cairn.v1.ReceiptErasure.$Properties|null);

            /**
             * Creates a new Receipt instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Receipt instance
             */
            static create(properties: cairn.v1.Receipt.$Shape): cairn.v1.Receipt & cairn.v1.Receipt.$Shape;
            static create(properties?: cairn.v1.Receipt.$Properties): cairn.v1.Receipt;

            /**
             * Encodes the specified Receipt message. Does not implicitly {@link cairn.v1.Receipt.verify|verify} messages.
             * @param message Receipt message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.Receipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Receipt message, length delimited. Does not implicitly {@link cairn.v1.Receipt.verify|verify} messages.
             * @param message Receipt message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.Receipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Receipt message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.Receipt & cairn.v1.Receipt.$Shape} Receipt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.Receipt & cairn.v1.Receipt.$Shape;

            /**
             * Decodes a Receipt message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.Receipt & cairn.v1.Receipt.$Shape} Receipt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.Receipt & cairn.v1.Receipt.$Shape;

            /**
             * Verifies a Receipt message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Receipt
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.Receipt;

            /**
             * Creates a plain object from a Receipt message. Also converts values to other types if specified.
             * @param message Receipt
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.Receipt, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Receipt to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Receipt
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Receipt {

            /** Properties of a Receipt. */
            interface $Properties {

                /** Receipt index */
                index?: (number|Long|null);

                /** Receipt leafHash */
                leafHash?: (Uint8Array|null);

                /** Receipt timestamp */
                timestamp?: (number|Long|null);

                /** Receipt treeSize */
                treeSize?: (number|Long|null);

                /** Receipt entry */
                entry?: (Uint8Array|null);

                /** Receipt payload */
                payload?: (Uint8Array|null);

                /** Receipt nonce */
                nonce?: (Uint8Array|null);

                /** Receipt proof */
                proof?: (string|null);

                /** Receipt erased */
                erased?: (cairn.v1.ReceiptErasure.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Receipt. */
            type $Shape = cairn.v1.Receipt.$Properties;
        }

        /**
         * Properties of a ReceiptErasure.
         * @deprecated Use cairn.v1.ReceiptErasure.$Properties instead.
         */
        interface IReceiptErasure extends cairn.v1.ReceiptErasure.$Properties {
        }

        /** Represents a ReceiptErasure. */
        class ReceiptErasure {

            /**
             * Constructs a new ReceiptErasure.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.ReceiptErasure.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReceiptErasure record. */
            record: (number|Long);

            /**
             * Creates a new ReceiptErasure instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReceiptErasure instance
             */
            static create(properties: cairn.v1.ReceiptErasure.$Shape): cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape;
            static create(properties?: cairn.v1.ReceiptErasure.$Properties): cairn.v1.ReceiptErasure;

            /**
             * Encodes the specified ReceiptErasure message. Does not implicitly {@link cairn.v1.ReceiptErasure.verify|verify} messages.
             * @param message ReceiptErasure message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.ReceiptErasure.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ReceiptErasure message, length delimited. Does not implicitly {@link cairn.v1.ReceiptErasure.verify|verify} messages.
             * @param message ReceiptErasure message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.ReceiptErasure.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReceiptErasure message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape} ReceiptErasure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape;

            /**
             * Decodes a ReceiptErasure message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape} ReceiptErasure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.ReceiptErasure & cairn.v1.ReceiptErasure.$Shape;

            /**
             * Verifies a ReceiptErasure message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ReceiptErasure message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReceiptErasure
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.ReceiptErasure;

            /**
             * Creates a plain object from a ReceiptErasure message. Also converts values to other types if specified.
             * @param message ReceiptErasure
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.ReceiptErasure, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReceiptErasure to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ReceiptErasure
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReceiptErasure {

            /** Properties of a ReceiptErasure. */
            interface $Properties {

                /** ReceiptErasure record */
                record?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReceiptErasure. */
            type $Shape = cairn.v1.ReceiptErasure.$Properties;
        }

        /**
         * Properties of an AppendEvent.
         * @deprecated Use cairn.v1.AppendEvent.$Properties instead.
         */
        interface IAppendEvent extends cairn.v1.AppendEvent.$Properties {
        }

        /** Represents an AppendEvent. */
        class AppendEvent {

            /**
             * Constructs a new AppendEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.AppendEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppendEvent payload. */
            payload: Uint8Array;

            /** AppendEvent contentType. */
            contentType: string;

            /** AppendEvent idempotencyKey. */
            idempotencyKey: string;

            /** AppendEvent occurredAt. */
            occurredAt: (number|Long);

            /**
             * Creates a new AppendEvent instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppendEvent instance
             */
            static create(properties: cairn.v1.AppendEvent.$Shape): cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape;
            static create(properties?: cairn.v1.AppendEvent.$Properties): cairn.v1.AppendEvent;

            /**
             * Encodes the specified AppendEvent message. Does not implicitly {@link cairn.v1.AppendEvent.verify|verify} messages.
             * @param message AppendEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.AppendEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AppendEvent message, length delimited. Does not implicitly {@link cairn.v1.AppendEvent.verify|verify} messages.
             * @param message AppendEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.AppendEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppendEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape} AppendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape;

            /**
             * Decodes an AppendEvent message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape} AppendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.AppendEvent & cairn.v1.AppendEvent.$Shape;

            /**
             * Verifies an AppendEvent message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an AppendEvent message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AppendEvent
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.AppendEvent;

            /**
             * Creates a plain object from an AppendEvent message. Also converts values to other types if specified.
             * @param message AppendEvent
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.AppendEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AppendEvent to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AppendEvent
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppendEvent {

            /** Properties of an AppendEvent. */
            interface $Properties {

                /** AppendEvent payload */
                payload?: (Uint8Array|null);

                /** AppendEvent contentType */
                contentType?: (string|null);

                /** AppendEvent idempotencyKey */
                idempotencyKey?: (string|null);

                /** AppendEvent occurredAt */
                occurredAt?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppendEvent. */
            type $Shape = cairn.v1.AppendEvent.$Properties;
        }

        /**
         * Properties of an AppendRequest.
         * @deprecated Use cairn.v1.AppendRequest.$Properties instead.
         */
        interface IAppendRequest extends cairn.v1.AppendRequest.$Properties {
        }

        /** Represents an AppendRequest. */
        class AppendRequest {

            /**
             * Constructs a new AppendRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.AppendRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppendRequest entries. */
            entries: cairn.v1.AppendEvent.$Properties[];

            /**
             * Creates a new AppendRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppendRequest instance
             */
            static create(properties: cairn.v1.AppendRequest.$Shape): cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape;
            static create(properties?: cairn.v1.AppendRequest.$Properties): cairn.v1.AppendRequest;

            /**
             * Encodes the specified AppendRequest message. Does not implicitly {@link cairn.v1.AppendRequest.verify|verify} messages.
             * @param message AppendRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.AppendRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AppendRequest message, length delimited. Does not implicitly {@link cairn.v1.AppendRequest.verify|verify} messages.
             * @param message AppendRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.AppendRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppendRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape;

            /**
             * Decodes an AppendRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.AppendRequest & cairn.v1.AppendRequest.$Shape;

            /**
             * Verifies an AppendRequest message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an AppendRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AppendRequest
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.AppendRequest;

            /**
             * Creates a plain object from an AppendRequest message. Also converts values to other types if specified.
             * @param message AppendRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.AppendRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AppendRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AppendRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppendRequest {

            /** Properties of an AppendRequest. */
            interface $Properties {

                /** AppendRequest entries */
                entries?: (cairn.v1.AppendEvent.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppendRequest. */
            type $Shape = cairn.v1.AppendRequest.$Properties;
        }

        /**
         * Properties of an AppendResponse.
         * @deprecated Use cairn.v1.AppendResponse.$Properties instead.
         */
        interface IAppendResponse extends cairn.v1.AppendResponse.$Properties {
        }

        /** Represents an AppendResponse. */
        class AppendResponse {

            /**
             * Constructs a new AppendResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.AppendResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppendResponse receipts. */
            receipts: cairn.v1.Receipt.$Properties[];

            /**
             * Creates a new AppendResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppendResponse instance
             */
            static create(properties: cairn.v1.AppendResponse.$Shape): cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape;
            static create(properties?: cairn.v1.AppendResponse.$Properties): cairn.v1.AppendResponse;

            /**
             * Encodes the specified AppendResponse message. Does not implicitly {@link cairn.v1.AppendResponse.verify|verify} messages.
             * @param message AppendResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.AppendResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AppendResponse message, length delimited. Does not implicitly {@link cairn.v1.AppendResponse.verify|verify} messages.
             * @param message AppendResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.AppendResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppendResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape} AppendResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape;

            /**
             * Decodes an AppendResponse message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape} AppendResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.AppendResponse & cairn.v1.AppendResponse.$Shape;

            /**
             * Verifies an AppendResponse message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an AppendResponse message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns AppendResponse
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.AppendResponse;

            /**
             * Creates a plain object from an AppendResponse message. Also converts values to other types if specified.
             * @param message AppendResponse
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.AppendResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AppendResponse to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AppendResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppendResponse {

            /** Properties of an AppendResponse. */
            interface $Properties {

                /** AppendResponse receipts */
                receipts?: (cairn.v1.Receipt.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppendResponse. */
            type $Shape = cairn.v1.AppendResponse.$Properties;
        }

        /**
         * Properties of a Limits.
         * @deprecated Use cairn.v1.Limits.$Properties instead.
         */
        interface ILimits extends cairn.v1.Limits.$Properties {
        }

        /** Represents a Limits. */
        class Limits {

            /**
             * Constructs a new Limits.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.Limits.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Limits maxPayloadBytes. */
            maxPayloadBytes: (number|Long);

            /** Limits maxBatchEntries. */
            maxBatchEntries: (number|Long);

            /** Limits maxBatchBytes. */
            maxBatchBytes: (number|Long);

            /** Limits maxFutureSkewNs. */
            maxFutureSkewNs: (number|Long);

            /** Limits maxRangeEntries. */
            maxRangeEntries: (number|Long);

            /**
             * Creates a new Limits instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Limits instance
             */
            static create(properties: cairn.v1.Limits.$Shape): cairn.v1.Limits & cairn.v1.Limits.$Shape;
            static create(properties?: cairn.v1.Limits.$Properties): cairn.v1.Limits;

            /**
             * Encodes the specified Limits message. Does not implicitly {@link cairn.v1.Limits.verify|verify} messages.
             * @param message Limits message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.Limits.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Limits message, length delimited. Does not implicitly {@link cairn.v1.Limits.verify|verify} messages.
             * @param message Limits message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.Limits.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Limits message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.Limits & cairn.v1.Limits.$Shape} Limits
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.Limits & cairn.v1.Limits.$Shape;

            /**
             * Decodes a Limits message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.Limits & cairn.v1.Limits.$Shape} Limits
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.Limits & cairn.v1.Limits.$Shape;

            /**
             * Verifies a Limits message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Limits message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Limits
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.Limits;

            /**
             * Creates a plain object from a Limits message. Also converts values to other types if specified.
             * @param message Limits
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.Limits, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Limits to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Limits
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Limits {

            /** Properties of a Limits. */
            interface $Properties {

                /** Limits maxPayloadBytes */
                maxPayloadBytes?: (number|Long|null);

                /** Limits maxBatchEntries */
                maxBatchEntries?: (number|Long|null);

                /** Limits maxBatchBytes */
                maxBatchBytes?: (number|Long|null);

                /** Limits maxFutureSkewNs */
                maxFutureSkewNs?: (number|Long|null);

                /** Limits maxRangeEntries */
                maxRangeEntries?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Limits. */
            type $Shape = cairn.v1.Limits.$Properties;
        }

        /**
         * Properties of a LogInfo.
         * @deprecated Use cairn.v1.LogInfo.$Properties instead.
         */
        interface ILogInfo extends cairn.v1.LogInfo.$Properties {
        }

        /** Represents a LogInfo. */
        class LogInfo {

            /**
             * Constructs a new LogInfo.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.LogInfo.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LogInfo origin. */
            origin: string;

            /** LogInfo verifierKey. */
            verifierKey: string;

            /** LogInfo treeSize. */
            treeSize: (number|Long);

            /** LogInfo rootHash. */
            rootHash: Uint8Array;

            /** LogInfo checkpoint. */
            checkpoint: string;

            /** LogInfo limits. */
            limits?: (cairn.v1.Limits.$Properties|null);

            /**
             * Creates a new LogInfo instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LogInfo instance
             */
            static create(properties: cairn.v1.LogInfo.$Shape): cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape;
            static create(properties?: cairn.v1.LogInfo.$Properties): cairn.v1.LogInfo;

            /**
             * Encodes the specified LogInfo message. Does not implicitly {@link cairn.v1.LogInfo.verify|verify} messages.
             * @param message LogInfo message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.LogInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified LogInfo message, length delimited. Does not implicitly {@link cairn.v1.LogInfo.verify|verify} messages.
             * @param message LogInfo message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.LogInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LogInfo message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape} LogInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape;

            /**
             * Decodes a LogInfo message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape} LogInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.LogInfo & cairn.v1.LogInfo.$Shape;

            /**
             * Verifies a LogInfo message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a LogInfo message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns LogInfo
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.LogInfo;

            /**
             * Creates a plain object from a LogInfo message. Also converts values to other types if specified.
             * @param message LogInfo
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.LogInfo, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this LogInfo to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for LogInfo
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LogInfo {

            /** Properties of a LogInfo. */
            interface $Properties {

                /** LogInfo origin */
                origin?: (string|null);

                /** LogInfo verifierKey */
                verifierKey?: (string|null);

                /** LogInfo treeSize */
                treeSize?: (number|Long|null);

                /** LogInfo rootHash */
                rootHash?: (Uint8Array|null);

                /** LogInfo checkpoint */
                checkpoint?: (string|null);

                /** LogInfo limits */
                limits?: (cairn.v1.Limits.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LogInfo. */
            type $Shape = cairn.v1.LogInfo.$Properties;
        }

        /**
         * Properties of an InclusionProof.
         * @deprecated Use cairn.v1.InclusionProof.$Properties instead.
         */
        interface IInclusionProof extends cairn.v1.InclusionProof.$Properties {
        }

        /** Represents an InclusionProof. */
        class InclusionProof {

            /**
             * Constructs a new InclusionProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.InclusionProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** InclusionProof index. */
            index: (number|Long);

            /** InclusionProof treeSize. */
            treeSize: (number|Long);

            /** InclusionProof hashes. */
            hashes: Uint8Array[];

            /** InclusionProof leafHash. */
            leafHash: Uint8Array;

            /**
             * Creates a new InclusionProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns InclusionProof instance
             */
            static create(properties: cairn.v1.InclusionProof.$Shape): cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape;
            static create(properties?: cairn.v1.InclusionProof.$Properties): cairn.v1.InclusionProof;

            /**
             * Encodes the specified InclusionProof message. Does not implicitly {@link cairn.v1.InclusionProof.verify|verify} messages.
             * @param message InclusionProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.InclusionProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified InclusionProof message, length delimited. Does not implicitly {@link cairn.v1.InclusionProof.verify|verify} messages.
             * @param message InclusionProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.InclusionProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an InclusionProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape;

            /**
             * Decodes an InclusionProof message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.InclusionProof & cairn.v1.InclusionProof.$Shape;

            /**
             * Verifies an InclusionProof message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an InclusionProof message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns InclusionProof
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.InclusionProof;

            /**
             * Creates a plain object from an InclusionProof message. Also converts values to other types if specified.
             * @param message InclusionProof
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.InclusionProof, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this InclusionProof to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for InclusionProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace InclusionProof {

            /** Properties of an InclusionProof. */
            interface $Properties {

                /** InclusionProof index */
                index?: (number|Long|null);

                /** InclusionProof treeSize */
                treeSize?: (number|Long|null);

                /** InclusionProof hashes */
                hashes?: (Uint8Array[]|null);

                /** InclusionProof leafHash */
                leafHash?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an InclusionProof. */
            type $Shape = cairn.v1.InclusionProof.$Properties;
        }

        /**
         * Properties of a ConsistencyProof.
         * @deprecated Use cairn.v1.ConsistencyProof.$Properties instead.
         */
        interface IConsistencyProof extends cairn.v1.ConsistencyProof.$Properties {
        }

        /** Represents a ConsistencyProof. */
        class ConsistencyProof {

            /**
             * Constructs a new ConsistencyProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.ConsistencyProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ConsistencyProof from. */
            from: (number|Long);

            /** ConsistencyProof to. */
            to: (number|Long);

            /** ConsistencyProof hashes. */
            hashes: Uint8Array[];

            /**
             * Creates a new ConsistencyProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ConsistencyProof instance
             */
            static create(properties: cairn.v1.ConsistencyProof.$Shape): cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape;
            static create(properties?: cairn.v1.ConsistencyProof.$Properties): cairn.v1.ConsistencyProof;

            /**
             * Encodes the specified ConsistencyProof message. Does not implicitly {@link cairn.v1.ConsistencyProof.verify|verify} messages.
             * @param message ConsistencyProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.ConsistencyProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ConsistencyProof message, length delimited. Does not implicitly {@link cairn.v1.ConsistencyProof.verify|verify} messages.
             * @param message ConsistencyProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.ConsistencyProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape;

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.ConsistencyProof & cairn.v1.ConsistencyProof.$Shape;

            /**
             * Verifies a ConsistencyProof message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ConsistencyProof message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ConsistencyProof
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.ConsistencyProof;

            /**
             * Creates a plain object from a ConsistencyProof message. Also converts values to other types if specified.
             * @param message ConsistencyProof
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.ConsistencyProof, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ConsistencyProof to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ConsistencyProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ConsistencyProof {

            /** Properties of a ConsistencyProof. */
            interface $Properties {

                /** ConsistencyProof from */
                from?: (number|Long|null);

                /** ConsistencyProof to */
                to?: (number|Long|null);

                /** ConsistencyProof hashes */
                hashes?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ConsistencyProof. */
            type $Shape = cairn.v1.ConsistencyProof.$Properties;
        }

        /**
         * Properties of a SignedCheckpoint.
         * @deprecated Use cairn.v1.SignedCheckpoint.$Properties instead.
         */
        interface ISignedCheckpoint extends cairn.v1.SignedCheckpoint.$Properties {
        }

        /** Represents a SignedCheckpoint. */
        class SignedCheckpoint {

            /**
             * Constructs a new SignedCheckpoint.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.SignedCheckpoint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedCheckpoint treeSize. */
            treeSize: (number|Long);

            /** SignedCheckpoint checkpoint. */
            checkpoint: string;

            /**
             * Creates a new SignedCheckpoint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedCheckpoint instance
             */
            static create(properties: cairn.v1.SignedCheckpoint.$Shape): cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape;
            static create(properties?: cairn.v1.SignedCheckpoint.$Properties): cairn.v1.SignedCheckpoint;

            /**
             * Encodes the specified SignedCheckpoint message. Does not implicitly {@link cairn.v1.SignedCheckpoint.verify|verify} messages.
             * @param message SignedCheckpoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.SignedCheckpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified SignedCheckpoint message, length delimited. Does not implicitly {@link cairn.v1.SignedCheckpoint.verify|verify} messages.
             * @param message SignedCheckpoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.SignedCheckpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedCheckpoint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape} SignedCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape;

            /**
             * Decodes a SignedCheckpoint message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape} SignedCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.SignedCheckpoint & cairn.v1.SignedCheckpoint.$Shape;

            /**
             * Verifies a SignedCheckpoint message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a SignedCheckpoint message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns SignedCheckpoint
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.SignedCheckpoint;

            /**
             * Creates a plain object from a SignedCheckpoint message. Also converts values to other types if specified.
             * @param message SignedCheckpoint
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.SignedCheckpoint, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this SignedCheckpoint to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for SignedCheckpoint
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedCheckpoint {

            /** Properties of a SignedCheckpoint. */
            interface $Properties {

                /** SignedCheckpoint treeSize */
                treeSize?: (number|Long|null);

                /** SignedCheckpoint checkpoint */
                checkpoint?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedCheckpoint. */
            type $Shape = cairn.v1.SignedCheckpoint.$Properties;
        }

        /**
         * Properties of an Entry.
         * @deprecated Use cairn.v1.Entry.$Properties instead.
         */
        interface IEntry extends cairn.v1.Entry.$Properties {
        }

        /** Represents an Entry. */
        class Entry {

            /**
             * Constructs a new Entry.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.Entry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Entry index. */
            index: (number|Long);

            /** Entry entry. */
            entry: Uint8Array;

            /** Entry leafHash. */
            leafHash: Uint8Array;

            /** Entry decoded. */
            decoded?: (cairn.v1.LogEntry.$Properties|null);

            /** Entry payload. */
            payload: Uint8Array;

            /** Entry nonce. */
            nonce: Uint8Array;

            /** Entry proof. */
            proof?: (cairn.v1.InclusionProof.$Properties|null);

            /** Entry checkpoint. */
            checkpoint: string;

            /** Entry payloadAvailable. */
            payloadAvailable: boolean;

            /** Entry erased. */
            erased?: (cairn.v1.ReceiptErasure.$Properties|null);

            /**
             * Creates a new Entry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Entry instance
             */
            static create(properties: cairn.v1.Entry.$Shape): cairn.v1.Entry & cairn.v1.Entry.$Shape;
            static create(properties?: cairn.v1.Entry.$Properties): cairn.v1.Entry;

            /**
             * Encodes the specified Entry message. Does not implicitly {@link cairn.v1.Entry.verify|verify} messages.
             * @param message Entry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.Entry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Entry message, length delimited. Does not implicitly {@link cairn.v1.Entry.verify|verify} messages.
             * @param message Entry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.Entry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Entry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.Entry & cairn.v1.Entry.$Shape} Entry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.Entry & cairn.v1.Entry.$Shape;

            /**
             * Decodes an Entry message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.Entry & cairn.v1.Entry.$Shape} Entry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.Entry & cairn.v1.Entry.$Shape;

            /**
             * Verifies an Entry message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Entry message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Entry
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.Entry;

            /**
             * Creates a plain object from an Entry message. Also converts values to other types if specified.
             * @param message Entry
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.Entry, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Entry to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Entry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Entry {

            /** Properties of an Entry. */
            interface $Properties {

                /** Entry index */
                index?: (number|Long|null);

                /** Entry entry */
                entry?: (Uint8Array|null);

                /** Entry leafHash */
                leafHash?: (Uint8Array|null);

                /** Entry decoded */
                decoded?: (cairn.v1.LogEntry.$Properties|null);

                /** Entry payload */
                payload?: (Uint8Array|null);

                /** Entry nonce */
                nonce?: (Uint8Array|null);

                /** Entry proof */
                proof?: (cairn.v1.InclusionProof.$Properties|null);

                /** Entry checkpoint */
                checkpoint?: (string|null);

                /** Entry payloadAvailable */
                payloadAvailable?: (boolean|null);

                /** Entry erased */
                erased?: (cairn.v1.ReceiptErasure.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Entry. */
            type $Shape = cairn.v1.Entry.$Properties;
        }

        /**
         * Properties of an EntryList.
         * @deprecated Use cairn.v1.EntryList.$Properties instead.
         */
        interface IEntryList extends cairn.v1.EntryList.$Properties {
        }

        /** Represents an EntryList. */
        class EntryList {

            /**
             * Constructs a new EntryList.
             * @param [properties] Properties to set
             */
            constructor(properties?: cairn.v1.EntryList.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** EntryList start. */
            start: (number|Long);

            /** EntryList end. */
            end: (number|Long);

            /** EntryList entries. */
            entries: cairn.v1.Entry.$Properties[];

            /**
             * Creates a new EntryList instance using the specified properties.
             * @param [properties] Properties to set
             * @returns EntryList instance
             */
            static create(properties: cairn.v1.EntryList.$Shape): cairn.v1.EntryList & cairn.v1.EntryList.$Shape;
            static create(properties?: cairn.v1.EntryList.$Properties): cairn.v1.EntryList;

            /**
             * Encodes the specified EntryList message. Does not implicitly {@link cairn.v1.EntryList.verify|verify} messages.
             * @param message EntryList message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: cairn.v1.EntryList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified EntryList message, length delimited. Does not implicitly {@link cairn.v1.EntryList.verify|verify} messages.
             * @param message EntryList message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: cairn.v1.EntryList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an EntryList message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {cairn.v1.EntryList & cairn.v1.EntryList.$Shape} EntryList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cairn.v1.EntryList & cairn.v1.EntryList.$Shape;

            /**
             * Decodes an EntryList message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {cairn.v1.EntryList & cairn.v1.EntryList.$Shape} EntryList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): cairn.v1.EntryList & cairn.v1.EntryList.$Shape;

            /**
             * Verifies an EntryList message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an EntryList message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns EntryList
             */
            static fromObject(object: { [k: string]: any }): cairn.v1.EntryList;

            /**
             * Creates a plain object from an EntryList message. Also converts values to other types if specified.
             * @param message EntryList
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: cairn.v1.EntryList, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this EntryList to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for EntryList
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace EntryList {

            /** Properties of an EntryList. */
            interface $Properties {

                /** EntryList start */
                start?: (number|Long|null);

                /** EntryList end */
                end?: (number|Long|null);

                /** EntryList entries */
                entries?: (cairn.v1.Entry.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an EntryList. */
            type $Shape = cairn.v1.EntryList.$Properties;
        }
    }
}
